//! `ftc customer list|show`

use super::tenant::{TenantView, TENANT_COLUMNS};
use super::Ctx;
use crate::error::{refused, Result};
use crate::render::{self, Columns};
use crate::store::customers::{find_customers_by_name, get_customer_by_tpid, list_customers};
use crate::store::tenants::{list_tenants, TenantFilter};
use clap::{Args, Subcommand};
use serde::Serialize;
use std::io::Write;

#[derive(Debug, Subcommand)]
pub enum CustomerCommand {
    /// Every customer with its tenant count, seats, FMs and winner tenant
    List(ListArgs),
    /// One customer and all its tenants, the winner marked
    Show(ShowArgs),
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only customers whose name contains TEXT (any case)
    #[arg(long, value_name = "TEXT")]
    pub name: Option<String>,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The customer's TPID or exact name
    pub customer: String,
}

#[derive(Debug, Serialize)]
pub struct CustomerRow {
    pub tpid: Option<i64>,
    pub name: String,
    pub tenants: i64,
    pub seats: i64,
    pub fms: Vec<String>,
    pub winner: Option<String>,
}

const COLUMNS: Columns = Columns {
    keys: &["tpid", "name", "tenants", "seats", "fms", "winner"],
    table: &[
        ("tpid", "tpid"),
        ("customer", "name"),
        ("tenants", "tenants"),
        ("seats", "seats"),
        ("fm", "fms"),
        ("winner tenant", "winner"),
    ],
    flex: 1,
};

#[derive(Debug, Serialize)]
pub struct CustomerView {
    pub tpid: Option<i64>,
    pub name: String,
    pub winner: Option<String>,
    pub tenants: Vec<TenantView>,
}

pub fn run(ctx: &Ctx, out: &mut dyn Write, cmd: CustomerCommand) -> Result<()> {
    let store = ctx.open_store()?;
    match cmd {
        CustomerCommand::List(a) => {
            let rows: Vec<CustomerRow> = list_customers(&store.conn, a.name.as_deref())?
                .into_iter()
                .map(|c| CustomerRow {
                    tpid: c.tpid,
                    name: c.name,
                    tenants: c.tenants,
                    seats: c.seats,
                    fms: c
                        .fms
                        .map(|f| f.split(',').map(str::to_string).collect())
                        .unwrap_or_default(),
                    winner: c.winner,
                })
                .collect();
            render::list(out, ctx.style, &rows, &COLUMNS)
        }
        CustomerCommand::Show(a) => {
            let found = match a.customer.trim().parse::<i64>() {
                Ok(tpid) => get_customer_by_tpid(&store.conn, tpid)?,
                Err(_) => {
                    let mut hits = find_customers_by_name(&store.conn, &a.customer)?;
                    if hits.len() > 1 {
                        return Err(refused(format!(
                            "more than one customer is named '{}'",
                            a.customer
                        ))
                        .with_hint("use the TPID")
                        .into());
                    }
                    hits.pop()
                }
            };
            let c = found.ok_or_else(|| {
                refused(format!("no customer '{}'", a.customer)).with_hint(
                    "`ftc customer list --name TEXT` finds customers by part of their name",
                )
            })?;
            let tenants: Vec<TenantView> = list_tenants(
                &store.conn,
                &TenantFilter {
                    customer_id: Some(c.id),
                    ..Default::default()
                },
            )?
            .iter()
            .map(|t| TenantView::load(&store.conn, t, ctx))
            .collect::<Result<_>>()?;
            let winner = tenants.iter().find(|t| t.winner).map(|t| t.domain.clone());
            if ctx.is_table() {
                writeln!(
                    out,
                    "{} (TPID {}), {} tenant{}{}",
                    c.name,
                    c.tpid.map_or("unknown".into(), |t| t.to_string()),
                    tenants.len(),
                    if tenants.len() == 1 { "" } else { "s" },
                    winner
                        .as_ref()
                        .map_or(String::new(), |w| format!(", winner {w}"))
                )?;
                return render::list(out, ctx.style, &tenants, &TENANT_TABLE_WITH_WINNER);
            }
            render::one(
                out,
                ctx.style,
                &CustomerView {
                    tpid: c.tpid,
                    name: c.name,
                    winner,
                    tenants,
                },
            )
        }
    }
}

const TENANT_TABLE_WITH_WINNER: Columns = Columns {
    keys: TENANT_COLUMNS.keys,
    table: &[
        ("domain", "domain"),
        ("winner", "winner"),
        ("region", "region"),
        ("seats", "seats"),
        ("fm", "fm"),
        ("stage", "stage"),
        ("covid rfa", "covid_rfa"),
    ],
    flex: 0,
};
