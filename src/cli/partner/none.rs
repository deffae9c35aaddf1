//! `ftc partner none TENANT [--mpn ID]`: no partner deploys anything. Every
//! partner listed becomes `No Partner Identified` / `N/A` and the partner
//! contacts are removed. With `--mpn`, only that candidate is taken off.

use super::{describe, PartnerView};
use crate::cli::contact::who;
use crate::cli::Ctx;
use crate::domain::contact::ContactKind;
use crate::error::refused;
use crate::error::Result;
use crate::render;
use crate::store::contacts::{delete_partner_contacts, list_contacts};
use crate::store::history::record;
use crate::store::partners::{list_partners, remove_partner, set_no_partner, Partner};
use crate::store::sql::Db;
use crate::store::tenants::resolve_tenant;
use clap::Args;
use std::io::Write;

#[derive(Debug, Args)]
pub struct NoneArgs {
    /// Domain, its first label, or tenant ID
    pub tenant: String,
    /// Take only this candidate partner off (its contacts are kept)
    #[arg(long, value_name = "ID", value_parser = crate::domain::contact::parse_mpn)]
    pub mpn: Option<String>,
}

pub fn run(ctx: &Ctx, out: &mut dyn Write, a: NoneArgs) -> Result<()> {
    let mut store = ctx.open_store()?;
    let tx = store.write()?;
    let t = resolve_tenant(&tx, &a.tenant)?;
    let listed = list_partners(&tx, t.id)?;
    if let Some(mpn) = &a.mpn {
        let Some(p) = listed.iter().find(|p| p.mpn == *mpn).cloned() else {
            return Err(
                refused(format!("{} lists no partner with MPN {mpn}", t.domain))
                    .with_hint("`ftc tenant show TENANT` lists its partners")
                    .into(),
            );
        };
        remove_partner(&tx, t.id, mpn)?;
        let what = format!("candidate partner taken off: {}", describe(&p));
        record(&tx, &ctx.stamp(), Some(t.id), "partner.none", &what)?;
        crate::cli::cadence::refresh_agenda(ctx, tx.db(), &t)?;
        tx.commit()?;
        ctx.say(&format!("{}: {what}", t.domain));
        return render::one(out, ctx.style, &PartnerView::of(&p));
    }
    let none = Partner::none();
    let partner_contacts = list_contacts(&tx, t.id)?
        .iter()
        .any(|c| c.kind == ContactKind::Partner);
    if listed == [none.clone()] && !partner_contacts {
        drop(tx);
        ctx.say(&format!(
            "{}: no partner identified already; no partner contacts; nothing changed",
            t.domain
        ));
    } else {
        let what = record_no_partner(ctx, tx.db(), t.id, None)?;
        // Without a partner there is no partner step: the customer may be due now.
        crate::cli::cadence::refresh_agenda(ctx, tx.db(), &t)?;
        tx.commit()?;
        ctx.say(&format!("{}: {what}", t.domain));
    }
    render::one(out, ctx.style, &PartnerView::of(&none))
}

/// Record that no partner deploys anything, inside the caller's write
/// transaction: every partner listed becomes `No Partner Identified`, the
/// partner contacts are removed, and history says so (`why`: the reason,
/// when not asked for by `partner none`). What `partner none`, a partner's
/// decline and `engage` share; returns the history line.
pub fn record_no_partner(ctx: &Ctx, tx: Db<'_>, tenant: i64, why: Option<&str>) -> Result<String> {
    let listed = list_partners(tx, tenant)?;
    let removed = delete_partner_contacts(tx, tenant)?;
    set_no_partner(tx, tenant)?;
    let mut what = "no partner identified".to_string();
    if let Some(why) = why {
        what.push_str(&format!(": {why}"));
    }
    let was: Vec<String> = listed
        .iter()
        .filter(|b| b.is_real())
        .map(describe)
        .collect();
    if !was.is_empty() {
        what.push_str(&format!(" (was {})", was.join("; ")));
    }
    let n = removed.len();
    what.push_str(&format!(
        "; removed {n} partner contact{}{}",
        if n == 1 { "" } else { "s" },
        if n == 0 {
            String::new()
        } else {
            format!(
                " ({})",
                removed.iter().map(who).collect::<Vec<_>>().join(", ")
            )
        }
    ));
    record(tx, &ctx.stamp(), Some(tenant), "partner.none", &what)?;
    Ok(what)
}
