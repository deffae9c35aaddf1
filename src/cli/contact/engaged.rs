//! `ftc contact engaged TENANT EMAIL`: mark a contact IS ENGAGED.

use super::{find_contact, who, ContactView};
use crate::cli::Ctx;
use crate::domain::values::parse_email;
use crate::error::Result;
use crate::render;
use crate::store::contacts::{get_contact, set_engaged};
use crate::store::history::record;
use crate::store::tenants::resolve_tenant;
use clap::Args;
use std::io::Write;

#[derive(Debug, Args)]
pub struct EngagedArgs {
    /// Domain, its first label, or tenant ID
    pub tenant: String,
    /// The contact's e-mail address (any case)
    #[arg(value_parser = parse_email)]
    pub email: String,
}

pub fn run(ctx: &Ctx, out: &mut dyn Write, a: EngagedArgs) -> Result<()> {
    let mut store = ctx.open_store()?;
    let tx = store.write()?;
    let t = resolve_tenant(&tx, &a.tenant)?;
    let c = find_contact(tx.db(), &t, &a.email)?;
    if set_engaged(&tx, c.id)? {
        let what = format!("{} contact {} marked engaged", c.kind, who(&c));
        record(&tx, &ctx.stamp(), Some(t.id), "contact.engaged", &what)?;
        let c = get_contact(&tx, c.id)?.ok_or_else(|| anyhow::anyhow!("contact vanished"))?;
        tx.commit()?;
        ctx.say(&format!("{}: {what}", t.domain));
        render::one(out, ctx.style, &ContactView::of(&c))
    } else {
        drop(tx);
        ctx.say(&format!(
            "{}: {} is engaged already; nothing changed",
            t.domain,
            who(&c)
        ));
        render::one(out, ctx.style, &ContactView::of(&c))
    }
}
