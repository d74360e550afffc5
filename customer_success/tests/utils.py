def before_tests():
	pass
