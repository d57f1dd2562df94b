"""The officers' queues (내 민원, 부서 민원, 미배정, 오늘 기한, 기한 경과): filters, search and keyset pages in SQL."""
