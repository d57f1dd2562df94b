"""Filing a 민원: the public form, staff registration of offline 민원, the arrival log, receipt numbers, the 접수증
(page and PDF) and the receipt notice. Both filing paths (`services.file_complaint`, `services.receive_complaint`)
write the same rows."""
