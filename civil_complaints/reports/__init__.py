"""민원 처리상황 점검 (영 제22조①, 규칙 제7조): the monthly figures, the stored checks and their CSV."""
