"""Personal data: the access log pages (안전성 확보조치 기준 제8조) and the destruction of records at the end of their
보존기간 (D18)."""
