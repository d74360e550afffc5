"""Whitelisted endpoints, by subject (`customer_success.api.<subject>.<method>`)."""
