//! `ftc partner none TENANT`: the partner deploys nothing. The partner
//! becomes `No Partner Identified` / `N/A` and its contacts are removed.

use super::{describe, PartnerView};
use crate::cli::contact::who;
use crate::cli::Ctx;
use crate::error::Result;
use crate::render;
use crate::store::contacts::delete_partner_contacts;
use crate::store::history::record;
use crate::store::partners::{get_partner, set_partner, Partner};
use crate::store::tenants::resolve_tenant;
use clap::Args;
use std::io::Write;

#[derive(Debug, Args)]
pub struct NoneArgs {
    /// Domain, its first label, or tenant ID
    pub tenant: String,
}

pub fn run(ctx: &Ctx, out: &mut dyn Write, a: NoneArgs) -> Result<()> {
    let mut store = ctx.open_store()?;
    let tx = store.write()?;
    let t = resolve_tenant(&tx, &a.tenant)?;
    let before = get_partner(&tx, t.id)?;
    let none = Partner::none();
    let removed = delete_partner_contacts(&tx, t.id)?;
    let n = removed.len();
    let contacts = format!(
        "removed {n} partner contact{}{}",
        if n == 1 { "" } else { "s" },
        if n == 0 {
            String::new()
        } else {
            format!(
                " ({})",
                removed.iter().map(who).collect::<Vec<_>>().join(", ")
            )
        }
    );
    if before.as_ref() == Some(&none) && n == 0 {
        drop(tx);
        ctx.say(&format!(
            "{}: no partner identified already; no partner contacts; nothing changed",
            t.domain
        ));
    } else {
        set_partner(&tx, t.id, &none)?;
        let mut what = "no partner identified".to_string();
        if let Some(b) = before.as_ref().filter(|b| b.is_real()) {
            what.push_str(&format!(" (was {})", describe(b)));
        }
        what.push_str(&format!("; {contacts}"));
        record(&tx, &ctx.stamp(), Some(t.id), "partner.none", &what)?;
        // Without a partner there is no partner step: the customer may be due now.
        crate::cli::cadence::refresh_agenda(ctx, &tx, &t)?;
        tx.commit()?;
        ctx.say(&format!("{}: {what}", t.domain));
    }
    render::one(out, ctx.style, &PartnerView::of(&none))
}
