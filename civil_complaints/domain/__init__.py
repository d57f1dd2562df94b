"""Pure domain of 민원 processing: standard library only (style.md rule 3).

Deadline arithmetic follows 민원 처리에 관한 법률 제19조, 시행령 제19조–제21조 and 민법 제155조–제161조;
see law.md §2 and the product decisions D1–D13.
"""
