//! Parsers for the values users type: dates, GUIDs, domains, e-mails,
//! regions, numbers. Each returns a readable error message; callers decide
//! the exit code (clap turns them into usage errors, exit 2).

use chrono::NaiveDate;
use serde::Serialize;
use std::fmt;
use std::str::FromStr;

/// A region, printed by its canonical name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Region {
    Americas,
    Emea,
    Apj,
}

impl Region {
    pub const ALL: [Region; 3] = [Region::Americas, Region::Emea, Region::Apj];

    pub fn as_str(self) -> &'static str {
        match self {
            Region::Americas => "americas",
            Region::Emea => "emea",
            Region::Apj => "apj",
        }
    }

    /// The spelling queues use (`FTCQ CSS EMEA`).
    pub fn queue_name(self) -> &'static str {
        match self {
            Region::Americas => "Americas",
            Region::Emea => "EMEA",
            Region::Apj => "APJ",
        }
    }
}

impl fmt::Display for Region {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Region {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        // Any case, without a lowercase copy (a feed gives one a row).
        let t = s.trim();
        let is = |w: &str| t.eq_ignore_ascii_case(w);
        if is("americas") || is("amer") {
            Ok(Region::Americas)
        } else if is("emea") {
            Ok(Region::Emea)
        } else if is("apj") || is("apac") {
            Ok(Region::Apj)
        } else {
            Err(format!(
                "{} is not a region (americas, emea, apj; or amer, apac)",
                shown(s)
            ))
        }
    }
}

pub fn parse_region(s: &str) -> Result<Region, String> {
    s.parse()
}

/// A value quoted for an error message, cut to its first 40 characters:
/// a runaway field (a whole file swallowed by an unclosed quote) must not
/// flood the terminal. Control characters are shown escaped (`\u{0}`,
/// `\t`): they would act on the terminal, and a NUL cannot be stored on a
/// team server.
pub fn shown(s: &str) -> String {
    const MAX: usize = 40;
    let n = s.chars().count();
    let escaped = |t: &str| -> String {
        t.chars()
            .map(|c| {
                if c.is_control() {
                    c.escape_default().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect()
    };
    if n <= MAX {
        format!("'{}'", escaped(s))
    } else {
        let head: String = s.chars().take(MAX).collect();
        format!("'{}...' ({n} characters)", escaped(&head))
    }
}

/// A date as the store writes it, `YYYY-MM-DD`: exactly what
/// `NaiveDate::parse_from_str(s, "%Y-%m-%d")` gives, read directly when `s`
/// has that shape (chrono's format parser cost more than the rest of a
/// row on reads of thousands of rows).
pub fn stored_date(s: &str) -> chrono::ParseResult<NaiveDate> {
    let b = s.as_bytes();
    if b.len() == 10 && b[4] == b'-' && b[7] == b'-' {
        let num = |r: std::ops::Range<usize>| {
            b[r].iter().try_fold(0u32, |n, &c| {
                c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
            })
        };
        if let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) {
            if let Some(date) = NaiveDate::from_ymd_opt(y as i32, m, d) {
                return Ok(date);
            }
        }
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
}

/// `YYYY-MM-DD`, a real calendar date.
pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    let t = s.trim();
    let ok_shape = t.len() == 10
        && t.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !ok_shape {
        return Err(format!("{} is not a date in the form YYYY-MM-DD", shown(s)));
    }
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .map_err(|_| format!("{} is not a calendar date", shown(s)))
}

/// A GUID in its 8-4-4-4-12 hex form (braces allowed), returned lowercase.
pub fn parse_guid(s: &str) -> Result<String, String> {
    let t = s.trim();
    let t = t
        .strip_prefix('{')
        .and_then(|x| x.strip_suffix('}'))
        .unwrap_or(t);
    // Hex digits in groups of 8, 4, 4, 4 and 12, joined by hyphens.
    let ok = t.len() == 36
        && t.bytes().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_hexdigit(),
        });
    if ok {
        Ok(t.to_ascii_lowercase())
    } else {
        Err(format!(
            "{} is not a tenant ID (a GUID like 1b2c3d4e-0000-4000-8000-00000000abcd)",
            shown(s)
        ))
    }
}

/// Whether `s` looks like a GUID (used to tell tenant references apart).
pub fn looks_like_guid(s: &str) -> bool {
    parse_guid(s).is_ok()
}

/// A DNS name: dot-separated labels of letters, digits and inner hyphens,
/// at least two labels, at most 253 characters; returned lowercase.
pub fn parse_domain(s: &str) -> Result<String, String> {
    let t = s.trim().trim_end_matches('.').to_ascii_lowercase();
    let err = || {
        format!(
            "{} is not a domain name (like contoso.onmicrosoft.com)",
            shown(s)
        )
    };
    if t.is_empty() || t.len() > 253 {
        return Err(err());
    }
    let label_ok = |b: &[u8]| {
        !b.is_empty()
            && b.len() <= 63
            && b[0] != b'-'
            && b[b.len() - 1] != b'-'
            && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
    };
    // At least two labels; the top-level one never all digits (that would
    // be an IP address).
    let ok = t.as_bytes().split(|&c| c == b'.').all(label_ok)
        && t.rsplit_once('.')
            .is_some_and(|(_, top)| !top.bytes().all(|c| c.is_ascii_digit()));
    if ok {
        Ok(t)
    } else {
        Err(err())
    }
}

/// An e-mail address: `local@domain` with a valid domain; lowercase domain.
pub fn parse_email(s: &str) -> Result<String, String> {
    let t = s.trim();
    let err = || format!("{} is not an e-mail address", shown(s));
    let (local, domain) = t.rsplit_once('@').ok_or_else(err)?;
    if local.is_empty()
        || local.len() > 64
        || local.contains(char::is_whitespace)
        || local.contains('@')
        || local.starts_with('.')
        || local.ends_with('.')
    {
        return Err(err());
    }
    let domain = parse_domain(domain).map_err(|_| err())?;
    Ok(format!("{local}@{domain}"))
}

/// A whole number of seats, 0 or more.
pub fn parse_seats(s: &str) -> Result<i64, String> {
    let t = s.trim();
    // Digits may be grouped with underscores (`12_500`).
    let t = if t.contains('_') {
        std::borrow::Cow::Owned(t.replace('_', ""))
    } else {
        std::borrow::Cow::Borrowed(t)
    };
    match t.parse::<i64>() {
        Ok(n) if n >= 0 => Ok(n),
        Ok(_) => Err(format!("seats must be 0 or more, not {s}")),
        Err(_) => Err(format!("{} is not a whole number of seats", shown(s))),
    }
}

/// A TPID: a positive whole number.
pub fn parse_tpid(s: &str) -> Result<i64, String> {
    match s.trim().parse::<i64>() {
        Ok(n) if n > 0 => Ok(n),
        _ => Err(format!(
            "{} is not a TPID (a positive whole number)",
            shown(s)
        )),
    }
}

/// yes/no and the usual spellings of it.
pub fn parse_yes_no(s: &str) -> Result<bool, String> {
    // Any case, without a lowercase copy (a feed gives one a row).
    let t = s.trim();
    let any = |words: &[&str]| words.iter().any(|w| t.eq_ignore_ascii_case(w));
    if any(&["yes", "y", "true", "1"]) {
        Ok(true)
    } else if any(&["no", "n", "false", "0"]) {
        Ok(false)
    } else {
        Err(format!("{} is not yes or no", shown(s)))
    }
}

/// An answer that may be taken back: yes, no, or not known (`unknown`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Answer(pub Option<bool>);

/// yes/no as [`parse_yes_no`], or `unknown` (also `not known`, `?`): the
/// answer is not known, or was recorded by mistake.
pub fn parse_answer(s: &str) -> Result<Answer, String> {
    match s.trim().to_ascii_lowercase().as_str() {
        "unknown" | "not known" | "?" => Ok(Answer(None)),
        _ => parse_yes_no(s)
            .map(|b| Answer(Some(b)))
            .map_err(|_| format!("{} is not yes, no or unknown", shown(s))),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn answers_are_yes_no_or_unknown() {
        use super::{parse_answer, Answer};
        assert_eq!(parse_answer("Yes"), Ok(Answer(Some(true))));
        assert_eq!(parse_answer("n"), Ok(Answer(Some(false))));
        assert_eq!(parse_answer(" unknown "), Ok(Answer(None)));
        assert!(parse_answer("maybe")
            .unwrap_err()
            .contains("yes, no or unknown"));
    }

    #[test]
    fn shown_escapes_control_characters() {
        assert_eq!(super::shown("a\0b\tc"), "'a\\u{0}b\\tc'");
        assert_eq!(super::shown("Zoë"), "'Zoë'");
    }

    use super::*;
    use rstest::rstest;

    proptest::proptest! {
        /// The shortcut gives what chrono's parser gives, error or date,
        /// on dates of the stored shape and on near misses.
        #[test]
        fn stored_dates_read_as_chrono_reads_them(
            s in "[0-9]{4}-[01][0-9]-[0-3][0-9]|[0-9+ -]{0,3}[0-9]{1,5}-[0-9]{1,3}-[0-9]{1,3}[ x]?",
        ) {
            let chrono = NaiveDate::parse_from_str(&s, "%Y-%m-%d");
            let ours = stored_date(&s);
            proptest::prop_assert_eq!(ours.ok(), chrono.ok());
            proptest::prop_assert_eq!(ours.err().map(|e| e.kind()), chrono.err().map(|e| e.kind()));
        }
    }

    #[test]
    fn stored_dates() {
        let d = |s: &str| stored_date(s).ok();
        assert_eq!(d("2027-07-09"), NaiveDate::from_ymd_opt(2027, 7, 9));
        assert_eq!(d("0001-01-01"), NaiveDate::from_ymd_opt(1, 1, 1));
        assert_eq!(d("2027-02-29"), None);
        assert_eq!(d("2027-7-9"), NaiveDate::from_ymd_opt(2027, 7, 9));
        assert_eq!(d("2027-07-09 "), None);
        assert_eq!(d("+2027-07-09"), NaiveDate::from_ymd_opt(2027, 7, 9));
    }

    #[rstest]
    #[case("contoso.onmicrosoft.com", true)]
    #[case("Contoso.OnMicrosoft.com.", true)]
    #[case("a-b.example.org", true)]
    #[case("contoso", false)]
    #[case("-bad.example.com", false)]
    #[case("bad-.example.com", false)]
    #[case("sp ace.example.com", false)]
    #[case("a..b.com", false)]
    #[case("10.0.0.1", false)]
    #[case("example.123", false)]
    #[case("123.example", true)]
    #[case("a.b", true)]
    #[case(".example.com", false)]
    #[case("", false)]
    fn domains(#[case] input: &str, #[case] ok: bool) {
        assert_eq!(parse_domain(input).is_ok(), ok, "{input}");
    }

    #[rstest]
    #[case("1b2c3d4e-0000-4000-8000-00000000abcd", true)]
    #[case("{1B2C3D4E-0000-4000-8000-00000000ABCD}", true)]
    #[case("1b2c3d4e00004000800000000000abcd", false)]
    #[case("1b2c3d4e-0000-4000-8000-00000000abcg", false)]
    #[case("1b2c3d4e0-000-4000-8000-00000000abcd", false)]
    #[case("1b2c3d4e-0000-4000-8000-0000000abcé", false)]
    #[case("1b2c3d4e-0000-4000-8000-00000000abcd-", false)]
    #[case("", false)]
    fn guids(#[case] input: &str, #[case] ok: bool) {
        assert_eq!(parse_guid(input).is_ok(), ok, "{input}");
    }

    #[test]
    fn guid_is_lowercased() {
        assert_eq!(
            parse_guid("{1B2C3D4E-0000-4000-8000-00000000ABCD}").unwrap(),
            "1b2c3d4e-0000-4000-8000-00000000abcd"
        );
    }

    #[rstest]
    #[case("2027-02-28", true)]
    #[case("2027-02-29", false)]
    #[case("2028-02-29", true)]
    #[case("27-02-01", false)]
    #[case("2027/02/01", false)]
    #[case("02/01/2027", false)]
    fn dates(#[case] input: &str, #[case] ok: bool) {
        assert_eq!(parse_date(input).is_ok(), ok, "{input}");
    }

    #[rstest]
    #[case("amer", Region::Americas)]
    #[case("AMERICAS", Region::Americas)]
    #[case("emea", Region::Emea)]
    #[case("apac", Region::Apj)]
    #[case("APJ", Region::Apj)]
    fn regions(#[case] input: &str, #[case] want: Region) {
        assert_eq!(parse_region(input).unwrap(), want);
    }

    #[rstest]
    #[case("ann@contoso.com", true)]
    #[case("ann.lee+ftc@mail.contoso.com", true)]
    #[case("ann@contoso", false)]
    #[case("@contoso.com", false)]
    #[case("ann contoso.com", false)]
    #[case("a b@contoso.com", false)]
    fn emails(#[case] input: &str, #[case] ok: bool) {
        assert_eq!(parse_email(input).is_ok(), ok, "{input}");
    }

    #[test]
    fn numbers() {
        assert_eq!(parse_seats("1_500").unwrap(), 1500);
        assert!(parse_seats("-1").is_err());
        assert!(parse_seats("12.5").is_err());
        assert!(parse_tpid("0").is_err());
        assert_eq!(parse_tpid(" 42 ").unwrap(), 42);
    }
}
