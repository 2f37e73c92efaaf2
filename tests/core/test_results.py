from decimal import Decimal

import pytest

from pramoen.core import IndicatorResult, ResultsError, parse_results

HEADER = "district,indicator,level,value\n"


def test_it_reads_codes_names_and_thai_digits(fy2568):
    text = HEADER + "๒๐๐๑,T1,,๘๗.๕\nบ้านบึง,i4,๓,\nSi Racha,T2,5,\n"
    results = parse_results(text, fy2568)
    assert results == {
        "2001": {"T1": IndicatorResult(value=Decimal("87.5"))},
        "2002": {"I4": IndicatorResult(level=3)},
        "2007": {"T2": IndicatorResult(level=5)},
    }


def test_every_bad_row_is_listed_with_its_number_and_reason(fy2568):
    text = HEADER + "\n".join(
        [
            "2001,T1,4,",  # row 2: fine
            "2099,T1,4,",  # 3: unknown district
            "2001,I9,4,",  # 4: unknown indicator
            "2001,I2b,4,",  # 5: I2b is not for Mueang Chonburi
            "2002,T1,7,",  # 6: level outside 0–5
            "2002,T2,สาม,",  # 7: level not a number
            "2002,I5,,มาก",  # 8: value not a number
            "2002,I4,,",  # 9: both empty
            "2001,T1,3,",  # 10: duplicate of row 2
            "2002,I4,,12",  # 11: a ladder needs a level
            "2003,T1,,150",  # 12: a percentage above 100
            "2003,T2,2.5,",  # 13: not a whole level
        ]
    )
    with pytest.raises(ResultsError) as info:
        parse_results(text, fy2568)
    rows = [(e.row, e.reason) for e in info.value.errors]
    assert [r for r, _ in rows] == list(range(3, 14))
    reasons = dict(rows)
    assert "2099" in reasons[3]
    assert "I9" in reasons[4]
    assert "ไม่ใช้กับ" in reasons[5]
    assert "0 ถึง 5" in reasons[6]
    assert "ไม่ใช่ตัวเลข" in reasons[7] and "ไม่ใช่ตัวเลข" in reasons[8]
    assert "ไม่มีทั้งระดับและค่า" in reasons[9]
    assert "แถว 2" in reasons[10]
    assert "ขั้นบันได" in reasons[11]
    assert "0 ถึง 100" in reasons[12]
    assert "จำนวนเต็ม" in reasons[13]
    assert str(info.value.errors[0]) == "แถว 3: ไม่รู้จักอำเภอ '2099'"


def test_a_wrong_header_is_refused(fy2568):
    with pytest.raises(ResultsError, match="หัวตาราง"):
        parse_results("amphoe,kpi,score\n2001,T1,4\n", fy2568)
    with pytest.raises(ResultsError, match="ไฟล์ว่าง"):
        parse_results("", fy2568)
