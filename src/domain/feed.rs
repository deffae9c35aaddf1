//! The commerce feed's columns and row validation (SPEC 3.1 `tenant import`).

use super::values::{
    parse_domain, parse_guid, parse_region, parse_seats, parse_tpid, parse_yes_no, Region,
};

pub const REQUIRED: [&str; 6] = ["tenant_id", "domain", "customer", "tpid", "region", "seats"];

/// Where each known column sits in the feed.
#[derive(Debug, Clone)]
pub struct Header {
    required: [usize; 6],
    managed: Option<usize>,
    country: Option<usize>,
}

/// One valid feed row.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub tenant_id: String,
    pub domain: String,
    pub customer: String,
    pub tpid: i64,
    pub region: Region,
    pub seats: i64,
    pub managed: Option<bool>,
    pub country: Option<String>,
}

/// One record of a feed (the commerce feed's rows by default, the usage
/// feed's too): a valid row, or the reason a line is not one (each with the
/// line it starts on).
pub enum Record<T = Row> {
    Row(u64, T),
    Bad(u64, String),
}

/// The names of a CSV header, normalised for lookup: a UTF-8 byte-order
/// mark and spaces trimmed, any case. Shared by every CSV this tool reads.
pub struct HeaderNames(Vec<String>);

impl HeaderNames {
    pub fn of(names: &[&str]) -> HeaderNames {
        HeaderNames(
            names
                .iter()
                .map(|n| n.trim_start_matches('\u{feff}').trim().to_ascii_lowercase())
                .collect(),
        )
    }

    /// Where column `want` is; a column named twice is an error.
    pub fn find(&self, want: &str) -> Result<Option<usize>, String> {
        let hits: Vec<usize> = (0..self.0.len()).filter(|&i| self.0[i] == want).collect();
        match hits.len() {
            0 => Ok(None),
            1 => Ok(Some(hits[0])),
            n => Err(format!("the header names column '{want}' {n} times")),
        }
    }
}

/// Read the header row: column names in any order, case-insensitive, extra
/// columns ignored; a required column missing or any known column twice is
/// an error.
pub fn parse_header(names: &[&str]) -> Result<Header, String> {
    let cols = HeaderNames::of(names);
    let find = |want: &str| cols.find(want);
    let mut required = [0usize; 6];
    let mut missing = Vec::new();
    for (slot, name) in required.iter_mut().zip(REQUIRED) {
        match find(name)? {
            Some(i) => *slot = i,
            None => missing.push(name),
        }
    }
    if !missing.is_empty() {
        return Err(format!(
            "the header lacks the column{} {} (required: {})",
            if missing.len() > 1 { "s" } else { "" },
            missing.join(", "),
            REQUIRED.join(", ")
        ));
    }
    Ok(Header {
        required,
        managed: find("managed")?,
        country: find("country")?,
    })
}

impl Header {
    /// Validate one row of raw fields (`None` where a field is not UTF-8).
    /// Every problem in the row is reported, joined by "; ".
    pub fn parse_row(&self, fields: &[Option<&str>]) -> Result<Row, String> {
        let mut problems: Vec<String> = Vec::new();
        let get = |i: usize, name: &str, problems: &mut Vec<String>| -> Option<&str> {
            match fields.get(i) {
                None => {
                    problems.push(format!(
                        "{name}: missing (the row has {} fields)",
                        fields.len()
                    ));
                    None
                }
                Some(None) => {
                    problems.push(format!("{name}: not valid UTF-8"));
                    None
                }
                Some(Some(v)) => Some(v.trim()),
            }
        };
        let [ti, di, ci, pi, ri, si] = self.required;
        let tenant_id = get(ti, "tenant_id", &mut problems).and_then(|v| {
            parse_guid(v)
                .map_err(|e| problems.push(format!("tenant_id: {e}")))
                .ok()
        });
        let domain = get(di, "domain", &mut problems).and_then(|v| {
            parse_domain(v)
                .map_err(|e| problems.push(format!("domain: {e}")))
                .ok()
        });
        let customer = get(ci, "customer", &mut problems).and_then(|v| {
            check_name(v)
                .map_err(|e| problems.push(format!("customer: {e}")))
                .ok()
        });
        let tpid = get(pi, "tpid", &mut problems).and_then(|v| {
            parse_tpid(v)
                .map_err(|e| problems.push(format!("tpid: {e}")))
                .ok()
        });
        let region = get(ri, "region", &mut problems).and_then(|v| {
            parse_region(v)
                .map_err(|e| problems.push(format!("region: {e}")))
                .ok()
        });
        let seats = get(si, "seats", &mut problems).and_then(|v| {
            parse_seats(v)
                .map_err(|e| problems.push(format!("seats: {e}")))
                .ok()
        });
        let managed = match self.managed {
            Some(i) => match get(i, "managed", &mut problems) {
                Some("") | None => None,
                Some(v) => parse_yes_no(v)
                    .map_err(|e| problems.push(format!("managed: {e}")))
                    .ok(),
            },
            None => None,
        };
        // A country is free text, but no control characters: they act on a
        // terminal, and a NUL cannot be stored on a team server.
        let country = match self.country {
            Some(i) => get(i, "country", &mut problems)
                .filter(|v| !v.is_empty())
                .and_then(|v| {
                    if v.chars().any(char::is_control) {
                        problems.push("country: contains control characters".into());
                        None
                    } else {
                        Some(v.to_string())
                    }
                }),
            None => None,
        };
        match (tenant_id, domain, customer, tpid, region, seats) {
            (
                Some(tenant_id),
                Some(domain),
                Some(customer),
                Some(tpid),
                Some(region),
                Some(seats),
            ) if problems.is_empty() => Ok(Row {
                tenant_id,
                domain,
                customer,
                tpid,
                region,
                seats,
                managed,
                country,
            }),
            _ => Err(problems.join("; ")),
        }
    }
}

/// A customer name: not empty, no control characters, at most 256 characters.
pub fn check_name(v: &str) -> Result<String, String> {
    let t = v.trim();
    // Most names are ASCII: their bytes are their characters.
    let (control, chars) = if t.is_ascii() {
        (t.bytes().any(|b| b.is_ascii_control()), t.len())
    } else {
        (t.chars().any(char::is_control), t.chars().count())
    };
    if t.is_empty() {
        Err("empty".into())
    } else if control {
        Err("contains control characters".into())
    } else if chars > 256 {
        Err("longer than 256 characters".into())
    } else {
        Ok(t.to_string())
    }
}

/// A 128-bit fingerprint of some values (two SipHash passes with different
/// seeds): how an import tells, without staging the feed, that a row says
/// exactly what the database already holds.
pub fn fingerprint<T: std::hash::Hash + ?Sized>(value: &T) -> u128 {
    use std::hash::{DefaultHasher, Hasher};
    let pass = |seed: u8| {
        let mut h = DefaultHasher::new();
        h.write_u8(seed);
        value.hash(&mut h);
        h.finish()
    };
    (u128::from(pass(0)) << 64) | u128::from(pass(1))
}

impl Row {
    /// The fingerprint of the values a re-import compares (domain, TPID,
    /// customer name, region, seats); `managed` and `country` are compared
    /// apart, as a row may leave them out.
    pub fn fingerprint(&self) -> u128 {
        values_fingerprint(
            &self.domain,
            self.tpid,
            &self.customer,
            self.region.as_str(),
            self.seats,
        )
    }
}

/// The fingerprint `Row::fingerprint` gives a row with these values.
pub fn values_fingerprint(
    domain: &str,
    tpid: i64,
    customer: &str,
    region: &str,
    seats: i64,
) -> u128 {
    fingerprint(&(domain, tpid, customer, region, seats))
}

/// What the database holds of one tenant, as a feed row would say it.
pub struct Image {
    /// `Row::fingerprint` of its values; `None` when one is not known.
    values: Option<u128>,
    managed: bool,
    country: Option<String>,
    /// A row of the feed being read matched it already.
    pub seen: bool,
}

impl Image {
    /// `values`: `values_fingerprint` of the tenant's domain, TPID,
    /// customer name, region and seats, `None` when one is not known.
    pub fn new(values: Option<u128>, managed: bool, country: Option<String>) -> Image {
        Image {
            values,
            managed,
            country,
            seen: false,
        }
    }

    /// Whether importing `r` would change nothing (SPEC 3.1: an empty
    /// `managed` or `country` keeps the tenant's value).
    pub fn matches(&self, r: &Row) -> bool {
        self.values == Some(r.fingerprint())
            && r.managed.is_none_or(|m| m == self.managed)
            && r.country
                .as_ref()
                .is_none_or(|c| Some(c) == self.country.as_ref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header() -> Header {
        parse_header(&[
            "\u{feff}Tenant_ID",
            "domain",
            "customer",
            "tpid",
            "region",
            "seats",
            "managed",
            "extra",
        ])
        .unwrap()
    }

    #[test]
    fn header_rules() {
        let e = parse_header(&["tenant_id", "domain"]).unwrap_err();
        assert!(e.contains("customer, tpid, region, seats"), "{e}");
        let e = parse_header(&[
            "tenant_id",
            "domain",
            "customer",
            "tpid",
            "region",
            "seats",
            "seats",
        ])
        .unwrap_err();
        assert!(e.contains("'seats' 2 times"), "{e}");
    }

    #[test]
    fn a_country_with_control_characters_is_refused() {
        let h = parse_header(&[
            "tenant_id",
            "domain",
            "customer",
            "tpid",
            "region",
            "seats",
            "country",
        ])
        .unwrap();
        let row = |country: &'static str| {
            h.parse_row(&[
                Some("1b2c3d4e-0000-4000-8000-00000000abcd"),
                Some("contoso.onmicrosoft.com"),
                Some("Contoso Ltd"),
                Some("42"),
                Some("emea"),
                Some("500"),
                Some(country),
            ])
        };
        assert_eq!(row("Peru").unwrap().country.as_deref(), Some("Peru"));
        assert_eq!(
            row("Pe\0ru").unwrap_err(),
            "country: contains control characters"
        );
    }

    #[test]
    fn good_row() {
        let r = header()
            .parse_row(&[
                Some("1B2C3D4E-0000-4000-8000-00000000ABCD"),
                Some("Contoso.onmicrosoft.com"),
                Some(" Contoso Ltd "),
                Some("42"),
                Some("amer"),
                Some("500"),
                Some("no"),
                Some("whatever"),
            ])
            .unwrap();
        assert_eq!(r.tenant_id, "1b2c3d4e-0000-4000-8000-00000000abcd");
        assert_eq!(r.domain, "contoso.onmicrosoft.com");
        assert_eq!(r.customer, "Contoso Ltd");
        assert_eq!(r.region, Region::Americas);
        assert_eq!(r.managed, Some(false));
    }

    #[test]
    fn every_problem_is_listed() {
        let e = header()
            .parse_row(&[
                Some("nope"),
                Some("x"),
                Some(""),
                Some("-1"),
                Some("mars"),
                Some("many"),
            ])
            .unwrap_err();
        for col in ["tenant_id", "domain", "customer", "tpid", "region", "seats"] {
            assert!(e.contains(&format!("{col}:")), "{col} in {e}");
        }
    }

    #[test]
    fn non_utf8_and_short_rows() {
        let e = header().parse_row(&[None]).unwrap_err();
        assert!(
            e.contains("not valid UTF-8") && e.contains("missing"),
            "{e}"
        );
    }
}

/// A tenant moved by hand (`tenant set --customer`) from customer `from` to
/// `to`, having been moved by hand before from `pinned`: the customer the
/// feed must go on naming for the move to hold on the next import (the one
/// the feed's TPID gave it first), or `None` when it is back there.
pub fn pin_after_move(pinned: Option<i64>, from: i64, to: i64) -> Option<i64> {
    let feed = pinned.unwrap_or(from);
    (feed != to).then_some(feed)
}

#[cfg(test)]
mod pin_tests {
    use super::pin_after_move;

    #[test]
    fn a_move_is_held_against_the_customer_the_feed_named_first() {
        assert_eq!(pin_after_move(None, 5, 9), Some(5));
        // Moved on again: still the feed's customer.
        assert_eq!(pin_after_move(Some(5), 9, 12), Some(5));
        // Back to the feed's customer: nothing to hold.
        assert_eq!(pin_after_move(Some(5), 9, 5), None);
    }
}
