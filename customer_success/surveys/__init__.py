"""Satisfaction surveys (spec sections 2 and 5): the monthly email survey, answers by a
personal link, the closed loop on low ratings, and the satisfaction captured in QBRs.

- `sending`: the monthly job and the Email Queue.
- `mail`: the editable Email Template and the messages built from it.
- `answers`: answers by token (public page, guest API) and `record_qbr_rating`.
- `follow_up`: timeline, follow-up ToDo and alerts.
- `scores`: satisfaction figures per account.
"""

from customer_success.surveys.answers import record_qbr_rating
from customer_success.surveys.scores import satisfaction_by_account

__all__ = ["record_qbr_rating", "satisfaction_by_account"]
