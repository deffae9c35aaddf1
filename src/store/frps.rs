//! The FastTrack Ready Partner list, keyed by MPN ID. Both engines.

use super::contacts::split_list;
use super::sql::{Db, Row};
use crate::args;
use crate::domain::values::Region;
use crate::error::Result;

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

fn frp(r: &Row) -> Result<Frp> {
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

pub fn get_frp<'c>(db: impl Into<Db<'c>>, mpn: &str) -> Result<Option<Frp>> {
    db.into().first(
        "SELECT mpn, name, regions FROM frps WHERE mpn = ?1",
        args![mpn],
        frp,
    )
}

/// Every FRP, by name.
pub fn list_frps<'c>(db: impl Into<Db<'c>>) -> Result<Vec<Frp>> {
    db.into().all(
        "SELECT mpn, name, regions FROM frps ORDER BY name, mpn",
        args![],
        frp,
    )
}

/// What an upsert did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upsert {
    Inserted,
    Updated,
    Unchanged,
}

/// Insert an FRP or update the one with its MPN ID.
pub fn upsert_frp<'c>(db: impl Into<Db<'c>>, f: &Frp) -> Result<Upsert> {
    let db = db.into();
    let before = get_frp(db, &f.mpn)?;
    let regions: Vec<&str> = f.regions.iter().map(|r| r.as_str()).collect();
    let outcome = match &before {
        None => Upsert::Inserted,
        Some(b) if b == f => return Ok(Upsert::Unchanged),
        Some(_) => Upsert::Updated,
    };
    db.execute(
        "INSERT INTO frps (mpn, name, regions) VALUES (?1, ?2, ?3)
         ON CONFLICT (mpn) DO UPDATE SET name = excluded.name, regions = excluded.regions",
        args![f.mpn, f.name, regions.join(",")],
    )?;
    Ok(outcome)
}

pub fn delete_frp<'c>(db: impl Into<Db<'c>>, mpn: &str) -> Result<()> {
    db.into()
        .execute("DELETE FROM frps WHERE mpn = ?1", args![mpn])?;
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
