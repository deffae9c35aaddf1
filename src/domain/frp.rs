//! The FastTrack Ready Partner list as rules: region lists and the rows of
//! `frp import` (`mpn,name,regions`).

use super::contact::{parse_mpn, parse_name};
use super::values::Region;

/// Regions an FRP serves, in canonical order without repeats. Every region
/// listed is the same as none listed: the FRP serves all of them, and is
/// stored as the empty list.
pub fn normalise_regions(regions: &[Region]) -> Vec<Region> {
    let mut out: Vec<Region> = Region::ALL
        .into_iter()
        .filter(|r| regions.contains(r))
        .collect();
    if out.len() == Region::ALL.len() {
        out.clear();
    }
    out
}

/// A region list as typed in the CSV: separated by `;`, `,` or spaces;
/// empty means every region.
pub fn parse_regions(s: &str) -> Result<Vec<Region>, String> {
    let mut out = Vec::new();
    for part in s
        .split(|c: char| c == ';' || c == ',' || c.is_whitespace())
        .filter(|p| !p.is_empty())
    {
        out.push(part.parse::<Region>()?);
    }
    Ok(normalise_regions(&out))
}

/// Where the columns of an FRP file sit.
#[derive(Debug, Clone, Copy)]
pub struct Header {
    mpn: usize,
    name: usize,
    regions: Option<usize>,
}

/// One valid row of an FRP file.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub mpn: String,
    pub name: String,
    pub regions: Vec<Region>,
}

/// Read the header: `mpn` and `name` required, `regions` optional (without
/// it every FRP serves every region); any case and order; extra columns are
/// ignored; a known column twice is an error.
pub fn parse_header(names: &[&str]) -> Result<Header, String> {
    let cols = super::feed::HeaderNames::of(names);
    let find = |want: &str| cols.find(want);
    let mpn = find("mpn")?;
    let name = find("name")?;
    let regions = find("regions")?;
    match (mpn, name) {
        (Some(mpn), Some(name)) => Ok(Header { mpn, name, regions }),
        _ => {
            let missing: Vec<&str> = [("mpn", mpn), ("name", name)]
                .iter()
                .filter(|(_, i)| i.is_none())
                .map(|(n, _)| *n)
                .collect();
            Err(format!(
                "the header lacks the column{} {} (the columns are mpn, name, regions)",
                if missing.len() > 1 { "s" } else { "" },
                missing.join(", ")
            ))
        }
    }
}

impl Header {
    /// Validate one row of raw fields (`None` where a field is not UTF-8);
    /// every problem of the row, joined by "; ".
    pub fn parse_row(&self, fields: &[Option<&str>]) -> Result<Row, String> {
        let mut errors = Vec::new();
        let get = |i: usize, col: &str, errors: &mut Vec<String>| -> Option<String> {
            match fields.get(i) {
                None => {
                    errors.push(format!("{col}: missing (the row is too short)"));
                    None
                }
                Some(None) => {
                    errors.push(format!("{col}: not UTF-8 text"));
                    None
                }
                Some(Some(s)) => Some((*s).to_string()),
            }
        };
        let mpn = get(self.mpn, "mpn", &mut errors).and_then(|s| {
            parse_mpn(&s)
                .map_err(|e| errors.push(format!("mpn: {e}")))
                .ok()
        });
        let name = get(self.name, "name", &mut errors).and_then(|s| {
            parse_name(&s)
                .map_err(|e| errors.push(format!("name: {e}")))
                .ok()
        });
        let regions = match self.regions {
            // A short row simply has no regions: every region.
            Some(i) => match fields.get(i) {
                None => Some(Vec::new()),
                Some(None) => {
                    errors.push("regions: not UTF-8 text".into());
                    None
                }
                Some(Some(s)) => parse_regions(s)
                    .map_err(|e| errors.push(format!("regions: {e}")))
                    .ok(),
            },
            None => Some(Vec::new()),
        };
        match (mpn, name, regions) {
            (Some(mpn), Some(name), Some(regions)) if errors.is_empty() => {
                Ok(Row { mpn, name, regions })
            }
            _ => Err(errors.join("; ")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions() {
        assert_eq!(
            parse_regions("emea;americas").unwrap(),
            vec![Region::Americas, Region::Emea]
        );
        assert_eq!(
            parse_regions("apac  emea").unwrap(),
            vec![Region::Emea, Region::Apj]
        );
        assert!(parse_regions("").unwrap().is_empty());
        assert!(parse_regions("americas;emea;apj").unwrap().is_empty());
        assert!(parse_regions("mars").is_err());
    }

    #[test]
    fn header_and_rows() {
        let h = parse_header(&["\u{feff}Name", "MPN", "extra"]).unwrap();
        let row = h.parse_row(&[Some(" Sakura Digital "), Some("4410003"), Some("x")]);
        assert_eq!(
            row.unwrap(),
            Row {
                mpn: "4410003".into(),
                name: "Sakura Digital".into(),
                regions: vec![]
            }
        );
        assert!(parse_header(&["mpn"]).unwrap_err().contains("name"));
        assert!(parse_header(&["mpn", "name", "MPN"]).is_err());

        let h = parse_header(&["mpn", "name", "regions"]).unwrap();
        let err = h
            .parse_row(&[Some("x1"), Some(""), Some("mars")])
            .unwrap_err();
        assert!(
            err.contains("mpn") && err.contains("name") && err.contains("regions"),
            "{err}"
        );
        assert_eq!(
            h.parse_row(&[Some("1"), Some("A")]).unwrap().regions,
            Vec::<Region>::new()
        );
    }
}
