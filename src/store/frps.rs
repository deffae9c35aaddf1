//! The FastTrack Ready Partner list, keyed by MPN ID.

use super::contacts::split_list;
use crate::domain::values::Region;
use crate::error::Result;
use rusqlite::{params, Connection, OptionalExtension, Row};

/// One FastTrack Ready Partner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frp {
    pub mpn: String,
    pub name: String,
    /// The regions it serves; empty means every region.
    pub regions: Vec<Region>,
}

impl Frp {
    /// Whether it serves a region (an unknown region: yes).
    pub fn serves(&self, region: Option<Region>) -> bool {
        self.regions.is_empty() || region.is_none_or(|r| self.regions.contains(&r))
    }
}

fn frp(r: &Row) -> rusqlite::Result<Frp> {
    let regions: String = r.get(2)?;
    Ok(Frp {
        mpn: r.get(0)?,
        name: r.get(1)?,
        // Written from parsed regions only; anything else is skipped.
        regions: split_list(&regions)
            .iter()
            .filter_map(|s| s.parse().ok())
            .collect(),
    })
}

pub fn get_frp(conn: &Connection, mpn: &str) -> Result<Option<Frp>> {
    Ok(conn
        .prepare_cached("SELECT mpn, name, regions FROM frps WHERE mpn = ?1")?
        .query_row([mpn], frp)
        .optional()?)
}

/// Every FRP, by name.
pub fn list_frps(conn: &Connection) -> Result<Vec<Frp>> {
    let mut st = conn.prepare_cached("SELECT mpn, name, regions FROM frps ORDER BY name, mpn")?;
    let rows = st.query_map([], frp)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// What an upsert did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upsert {
    Inserted,
    Updated,
    Unchanged,
}

/// Insert an FRP or update the one with its MPN ID.
pub fn upsert_frp(conn: &Connection, f: &Frp) -> Result<Upsert> {
    let before = get_frp(conn, &f.mpn)?;
    let regions: Vec<&str> = f.regions.iter().map(|r| r.as_str()).collect();
    let outcome = match &before {
        None => Upsert::Inserted,
        Some(b) if b == f => return Ok(Upsert::Unchanged),
        Some(_) => Upsert::Updated,
    };
    conn.prepare_cached(
        "INSERT INTO frps (mpn, name, regions) VALUES (?1, ?2, ?3)
         ON CONFLICT (mpn) DO UPDATE SET name = excluded.name, regions = excluded.regions",
    )?
    .execute(params![f.mpn, f.name, regions.join(",")])?;
    Ok(outcome)
}

pub fn delete_frp(conn: &Connection, mpn: &str) -> Result<()> {
    conn.prepare_cached("DELETE FROM frps WHERE mpn = ?1")?
        .execute([mpn])?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    #[test]
    fn upserts() {
        let s = Store::open_in_memory().unwrap();
        let mut f = Frp {
            mpn: "1".into(),
            name: "A".into(),
            regions: vec![Region::Emea],
        };
        assert_eq!(upsert_frp(&s.conn, &f).unwrap(), Upsert::Inserted);
        assert_eq!(upsert_frp(&s.conn, &f).unwrap(), Upsert::Unchanged);
        f.regions.clear();
        assert_eq!(upsert_frp(&s.conn, &f).unwrap(), Upsert::Updated);
        assert_eq!(list_frps(&s.conn).unwrap(), vec![f.clone()]);
        assert!(f.serves(Some(Region::Apj)));
        f.regions = vec![Region::Emea];
        assert!(!f.serves(Some(Region::Apj)) && f.serves(None));
    }
}
