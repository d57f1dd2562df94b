"""The file formats of a report: XLSX (`xlsx.py`), CSV (`csvfile.py`) and PDF (`pdf.py`), and the words of one
value shared by the page and the PDF (`cells.py`). Each writes the same `reporting.domain.document.Report`."""
