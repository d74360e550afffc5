"""The monthly satisfaction survey over many contacts, against a bulk-insert baseline.

Run from the bench's sites folder (scripts/benchmark.sh does it):
    ../env/bin/python -m benchmarks.survey_benchmark SITE [CONTACTS ...]     (default: 2000 20000)

The site gets a demo book big enough (two survey contacts per account) and an outgoing
email account that is never connected to. For each size, the monthly job runs from scratch
for that many contacts, in this process: it plans the surveys and queues their emails in
chunks, as the background jobs would. Then what it wrote (surveys, Email Queue rows and
their recipients) is deleted and written again with plain bulk INSERTs of the same chunk
size: the baseline, the least any code could do to store those rows. For scale, the
one-by-one path (`doc.insert()` and `frappe.sendmail` per contact) runs on a sample.

It prints wall time and SQL statements of each; the job's statements for planning and for
each chunk are the same at every size (the total grows only with the number of chunks, one
per CHUNK_SIZE surveys).
"""

import sys
from datetime import date

import frappe

import customer_success.surveys.sending as sending
from benchmarks.utils import connect, ensure_demo_book, measure
from customer_success.rules.surveys import SURVEYED_STATUSES
from customer_success.surveys.mail import SurveyMailer

ON_DATE = date(2031, 1, 28)  # a month no one else uses; the 28th is on or after any survey day
PERIOD = "2031-01"
EMAIL_ACCOUNT = "Survey Benchmark"
ONE_BY_ONE_SAMPLE = 200


def ensure_email_account():
	if frappe.db.exists("Email Account", EMAIL_ACCOUNT):
		return
	account = frappe.get_doc(
		{
			"doctype": "Email Account",
			"email_account_name": EMAIL_ACCOUNT,
			"email_id": "surveys@bench.example",
			"enable_outgoing": 1,
			"default_outgoing": 1,
			"smtp_server": "localhost",
			"no_smtp_authentication": 1,
		}
	)
	account.flags.ignore_validate = True  # nothing listens on its SMTP port
	account.insert(ignore_permissions=True)
	frappe.db.commit()


def accounts_for(contacts: int) -> list[str]:
	"""Surveyed accounts holding exactly `contacts` survey contacts (two each in the demo book)."""
	rows = frappe.db.sql(
		"""
		select account.name, count(*) from `tabCS Account` account
		join `tabCS Stakeholder` person on person.parent = account.name and person.receives_survey = 1
		where account.status in %s group by account.name having count(*) = 2 order by account.name
		""",
		[SURVEYED_STATUSES],
	)
	if len(rows) * 2 < contacts:
		raise SystemExit(f"Only {len(rows) * 2} survey contacts in the book, {contacts} asked.")
	return [name for name, _count in rows[: contacts // 2]]


def written_rows() -> dict[str, list[dict]]:
	surveys = frappe.db.sql("select * from `tabSatisfaction Survey` where period = %s", PERIOD, as_dict=True)
	queues = frappe.db.sql(
		"""select queue.* from `tabEmail Queue` queue join `tabSatisfaction Survey` survey
		on survey.email_queue = queue.name where survey.period = %s""",
		PERIOD,
		as_dict=True,
	)
	recipients = frappe.db.sql(
		"""select recipient.* from `tabEmail Queue Recipient` recipient
		join `tabSatisfaction Survey` survey on survey.email_queue = recipient.parent
		where survey.period = %s""",
		PERIOD,
		as_dict=True,
	)
	return {"Satisfaction Survey": surveys, "Email Queue": queues, "Email Queue Recipient": recipients}


def clear():
	frappe.db.sql(
		"""delete recipient from `tabEmail Queue Recipient` recipient join `tabEmail Queue` queue
		on queue.name = recipient.parent where queue.reference_doctype = 'Satisfaction Survey'"""
	)
	frappe.db.sql("delete from `tabEmail Queue` where reference_doctype = 'Satisfaction Survey'")
	frappe.db.sql("delete from `tabSatisfaction Survey` where period = %s", PERIOD)
	frappe.db.commit()


def bulk_insert_baseline(rows: dict[str, list[dict]]):
	for doctype, records in rows.items():
		fields = list(records[0])
		frappe.db.bulk_insert(
			doctype,
			fields,
			[tuple(record[field] for field in fields) for record in records],
			chunk_size=sending.CHUNK_SIZE,
		)
	frappe.db.commit()


def run_job(accounts: list[str]) -> frappe._dict:
	"""The monthly run, with the statements of each chunk counted apart."""
	chunks = []
	send = sending.send_surveys

	def counted_send(names, on_date=None):
		before = job.queries
		sent = send(names, on_date=on_date)
		chunks.append(job.queries - before)
		return sent

	sending.send_surveys = counted_send
	try:
		with measure() as job:
			result = sending.run_monthly_surveys(on_date=ON_DATE, accounts=accounts, now=True)
			frappe.db.commit()
	finally:
		sending.send_surveys = send
	job.update(result=result, chunks=chunks, planning=job.queries - sum(chunks))
	return job


def bench(contacts: int) -> dict:
	accounts = accounts_for(contacts)
	clear()
	job = run_job(accounts)
	rows = written_rows()
	assert len(rows["Satisfaction Survey"]) == contacts, len(rows["Satisfaction Survey"])
	assert len(rows["Email Queue"]) == contacts and len(rows["Email Queue Recipient"]) == contacts
	clear()
	with measure() as baseline:
		bulk_insert_baseline(rows)
	clear()
	return {"contacts": contacts, "job": job, "baseline": baseline}


def one_by_one(sample: int) -> frappe._dict:
	"""What the same work costs contact by contact: insert the survey, then frappe.sendmail."""
	accounts = accounts_for(sample)
	contacts = sending.survey_contacts(accounts)[:sample]
	mailer = SurveyMailer()
	with measure() as run:
		for contact in contacts:
			survey = frappe.get_doc(
				{
					"doctype": "Satisfaction Survey",
					"account": contact.account,
					"contact_email": contact.email,
					"survey_type": "Monthly CSAT",
					"period": PERIOD,
				}
			).insert(ignore_permissions=True)
			frappe.sendmail(
				recipients=[contact.email],
				subject="How are we doing?",
				message=mailer.body.render(
					account_name=contact.account, contact_name=contact.full_name, survey_link="https://x"
				),
				reference_doctype="Satisfaction Survey",
				reference_name=survey.name,
			)
		frappe.db.commit()
	run.contacts = len(contacts)
	clear()
	return run


def main(site: str, sizes: list[int]):
	connect(site)
	try:
		ensure_demo_book(max(sizes) * 19 // 32 + 100)  # 16 of 19 demo accounts are surveyed, 2 contacts each
		ensure_email_account()
		# Warm the metadata caches, so that every size is measured alike.
		clear()
		run_job(accounts_for(4))
		clear()
		results = [bench(size) for size in sizes]
		slow = one_by_one(ONE_BY_ONE_SAMPLE)
	finally:
		frappe.destroy()

	print(
		f"{'contacts':>8} {'job s':>7} {'job SQL':>8} {'planning':>8} {'per chunk':>9} {'chunks':>6}"
		f" {'bulk s':>7} {'bulk SQL':>8} {'time ratio':>10}"
	)
	for r in results:
		job, baseline = r["job"], r["baseline"]
		per_chunk = sorted(set(job.chunks))
		print(
			f"{r['contacts']:>8} {job.seconds:>7.2f} {job.queries:>8} {job.planning:>8}"
			f" {'/'.join(map(str, per_chunk)):>9} {len(job.chunks):>6}"
			f" {baseline.seconds:>7.2f} {baseline.queries:>8} {job.seconds / baseline.seconds:>9.2f}x"
		)
	print(
		f"one by one (doc.insert + frappe.sendmail), {slow.contacts} contacts: {slow.seconds:.2f}s, "
		f"{slow.queries} SQL = {slow.queries / slow.contacts:.1f} per contact, "
		f"{slow.seconds / slow.contacts * 1000:.1f} ms per contact"
	)


if __name__ == "__main__":
	main(sys.argv[1], [int(n) for n in sys.argv[2:]] or [2000, 20000])
