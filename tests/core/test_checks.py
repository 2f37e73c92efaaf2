from pramoen.core import Group, Severity, check, has_errors, officialdoc


def summary(findings):
    return sorted(
        (f.severity.value, f.code, f.indicator, f.district, f.group and f.group.value, f.level)
        for f in findings
    )


def test_it_finds_exactly_the_problems_of_the_fy2568_summary(fy2568):
    assert summary(check(fy2568)) == sorted(
        [
            # Phan Thong and Si Racha have no indicator 3: their individual weights total 85
            ("error", "weights-not-100", None, "2005", "individual", None),
            ("error", "weights-not-100", None, "2007", "individual", None),
            # "บ้านนา" is in Nakhon Nayok, not Chonburi
            ("error", "unknown-district", "I3a", None, "individual", None),
            # level 5 asks for 5 PR rounds where level 4 asks for 6
            ("warning", "non-monotonic", "I2b", None, "individual", 5),
            # levels 3 and 4 of I7 are the same text
            ("warning", "duplicate-level-text", "I7", None, "individual", 4),
            ("warning", "split-unspecified", None, None, None, None),
        ]
    )
    assert has_errors(check(fy2568))


def test_findings_say_what_and_where_in_thai(fy2568):
    messages = {(f.code, f.district or f.indicator): f.message for f in check(fy2568)}
    assert messages[("weights-not-100", "2005")] == (
        "อำเภอพานทอง: น้ำหนักตัวชี้วัดรายบุคคลรวม ๘๕ ไม่ใช่ ๑๐๐"
    )
    assert "บ้านนา" in messages[("unknown-district", "I3a")]
    assert "ระดับ ๕" in messages[("non-monotonic", "I2b")]
    assert "ระดับ ๔" in messages[("non-monotonic", "I2b")]
    assert "ระดับ ๓" in messages[("duplicate-level-text", "I7")]


def test_overdue_debt_falling_as_levels_rise_is_not_non_monotonic(fy2568):
    # I5 asks for "≥ 20 %", then "< 20", "< 15", "< 12", "< 10": lower is better
    assert not [f for f in check(fy2568) if f.indicator == "I5"]


def test_a_below_criterion_that_loosens_at_a_higher_level_is_flagged(fy2568_text):
    text = fy2568_text.replace(
        "ระดับ ๕ หนี้เกินกำหนดชำระต่ำกว่าร้อยละ ๑๐", "ระดับ ๕ หนี้เกินกำหนดชำระต่ำกว่าร้อยละ ๑๓"
    )
    findings = [f for f in check(officialdoc.parse(text)) if f.indicator == "I5"]
    assert [(f.code, f.level) for f in findings] == [("non-monotonic", 5)]


def test_a_missing_level_is_an_error_naming_the_level(fy2568_text):
    text = fy2568_text.replace("<u>ระดับ ๓</u> ไม่น้อยกว่าร้อยละ ๘๐ <u>ระดับ ๔</u>", "<u>ระดับ ๔</u>", 1)
    findings = [f for f in check(officialdoc.parse(text)) if f.code == "missing-level"]
    assert [(f.indicator, f.level, f.severity) for f in findings] == [("T1", 3, Severity.ERROR)]


def test_a_fixed_document_has_only_the_split_warning(fy2568_text):
    text = (
        fy2568_text.replace(" อำเภอบ้านนา", "")
        .replace("อำเภอพนัสนิคม", "อำเภอพนัสนิคม อำเภอพานทอง อำเภอศรีราชา")
        .replace("ประชาสัมพันธ์อย่างน้อย ๕ ครั้ง", "ประชาสัมพันธ์อย่างน้อย ๘ ครั้ง")
        .replace("ตำบล ๑ โครงการ/กิจกรรม</p> <p>ระดับ ๕", "ตำบล ๒ โครงการ/กิจกรรม</p> <p>ระดับ ๕")
    )
    findings = check(officialdoc.parse(text))
    assert [f.code for f in findings] == ["split-unspecified"]
    assert not has_errors(findings)


def test_weights_are_checked_per_group_after_applicability(fy2568):
    weights = fy2568.weights()
    assert {code: (w[Group.TEAM], w[Group.INDIVIDUAL]) for code, w in weights.items()} == {
        code: (100, 85 if code in ("2005", "2007") else 100) for code in weights
    }
