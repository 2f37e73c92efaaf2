"""Reports: the official achievement form per district (page, PDF, Excel), the province
booklet and workbook, CSV export, and charts. Every number comes from pramoen.core."""
