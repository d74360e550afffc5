"""Customer-success rules with no database in them.

Nothing here imports Frappe: DocType controllers, reports and jobs fetch rows in bulk,
call these functions and write the results back.
"""
