//! `ftc customer list|show`

use super::tenant::{TenantView, TENANT_COLUMNS};
use super::Ctx;
use crate::domain::names::{compare, Match, NameKeys, Reason, DEFAULT_THRESHOLD};
use crate::error::{refused, Result};
use crate::render::{self, Columns};
use crate::store::customers::{
    customer_candidates, find_customers_by_name, get_customer_by_tpid, list_customers, weights_for,
    KeyedCustomer,
};
use crate::store::sql::Db;
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
    /// Only customers whose name contains TEXT (any case), or that the
    /// duplicate check takes for the same name (`score`, `reason`)
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
    /// With `--name`: how the duplicate check compares it with TEXT
    /// (`null` for a name that only contains TEXT).
    pub score: Option<f64>,
    pub reason: Option<Reason>,
    pub matched: Vec<String>,
    pub differed: Vec<String>,
}

const COLUMNS: Columns = Columns {
    keys: &[
        "tpid", "name", "tenants", "seats", "fms", "winner", "score", "reason", "matched",
        "differed",
    ],
    table: &[
        ("tpid", "tpid"),
        ("customer", "name"),
        ("tenants", "tenants"),
        ("seats", "seats"),
        ("fm", "fms"),
        ("winner tenant", "winner"),
        ("score", "score"),
        ("reason", "reason"),
    ],
    flex: 1,
};

/// The customers the duplicate check takes for the same organisation as
/// `name` (rule 4.6), best first: the candidates sharing a blocking key,
/// compared with the words weighed by how many customers use them. The
/// one place `tenant add`, `tenant import` and `customer list --name` ask.
pub fn similar_customers(
    conn: Db<'_>,
    name: &str,
    threshold: f64,
) -> Result<Vec<(KeyedCustomer, Match)>> {
    let keys = NameKeys::of(name);
    let candidates = customer_candidates(conn, &keys)?;
    let weights = weights_for(
        conn,
        std::iter::once(&keys).chain(candidates.iter().map(|c| &c.keys)),
    )?;
    let mut out: Vec<(KeyedCustomer, Match)> = candidates
        .into_iter()
        .filter_map(|c| compare(&keys, &c.keys, threshold, &weights).map(|m| (c, m)))
        .collect();
    out.sort_by(|x, y| {
        y.1.score
            .total_cmp(&x.1.score)
            .then_with(|| x.0.name.cmp(&y.0.name))
    });
    Ok(out)
}

#[derive(Debug, Serialize)]
pub struct CustomerView {
    pub tpid: Option<i64>,
    pub name: String,
    pub winner: Option<String>,
    pub tenants: Vec<TenantView>,
}

/// An existing customer named by TPID, by its exact name (any case) when
/// that names one customer, or by the domain or tenant ID of one of its
/// tenants (which tells apart two customers of one name without a TPID):
/// how `tenant add --same-customer`, `tenant set --customer` and `customer
/// show` find one.
pub fn find_customer(db: Db<'_>, target: &str) -> Result<crate::store::customers::Customer> {
    use crate::store::customers::get_customer;
    use crate::store::tenants::{get_tenant_by_domain, get_tenant_by_tenant_id};
    let target = target.trim();
    if let Ok(tpid) = target.parse::<i64>() {
        return get_customer_by_tpid(db, tpid)?.ok_or_else(|| {
            refused(format!("no customer with TPID {tpid}"))
                .with_hint("`ftc customer list` lists them")
                .into()
        });
    }
    let mut hits = find_customers_by_name(db, target)?;
    if hits.len() > 1 {
        return Err(
            refused(format!("more than one customer is named '{target}'"))
                .with_hint(
                    "give its TPID, or the domain of one of its tenants (`ftc tenant list` shows them)",
                )
                .into(),
        );
    }
    if let Some(c) = hits.pop() {
        return Ok(c);
    }
    let key = target
        .trim_start_matches('{')
        .trim_end_matches('}')
        .to_ascii_lowercase();
    let tenant = match get_tenant_by_domain(db, &key)? {
        Some(t) => Some(t),
        None => get_tenant_by_tenant_id(db, &key)?,
    };
    match tenant {
        Some(t) => get_customer(db, t.customer_id)?
            .ok_or_else(|| anyhow::anyhow!("the customer of {} vanished", t.domain)),
        None => Err(refused(format!("no customer '{target}'"))
            .with_hint(
                "give a TPID, a customer's exact name, or the domain of one of its tenants \
                 (`ftc customer list --name TEXT` finds customers by name)",
            )
            .into()),
    }
}

pub fn run(ctx: &Ctx, out: &mut dyn Write, cmd: CustomerCommand) -> Result<()> {
    let store = ctx.open_store()?;
    match cmd {
        CustomerCommand::List(a) => {
            let similar = match &a.name {
                Some(n) => similar_customers(store.db(), n, DEFAULT_THRESHOLD)?,
                None => Vec::new(),
            };
            let ids: Vec<i64> = similar.iter().map(|(c, _)| c.id).collect();
            let mut rows: Vec<CustomerRow> = list_customers(store.db(), a.name.as_deref(), &ids)?
                .into_iter()
                .map(|c| {
                    let m = similar.iter().find(|(k, _)| k.id == c.id).map(|(_, m)| m);
                    CustomerRow {
                        tpid: c.tpid,
                        name: c.name,
                        tenants: c.tenants,
                        seats: c.seats,
                        fms: c
                            .fms
                            .map(|f| f.split(',').map(str::to_string).collect())
                            .unwrap_or_default(),
                        winner: c.winner,
                        score: m.map(|m| m.score),
                        reason: m.map(|m| m.reason),
                        matched: m.map(|m| m.matched.clone()).unwrap_or_default(),
                        differed: m.map(|m| m.differed.clone()).unwrap_or_default(),
                    }
                })
                .collect();
            // The check's matches first, best first; then the others by name.
            rows.sort_by(|x, y| y.score.unwrap_or(-1.0).total_cmp(&x.score.unwrap_or(-1.0)));
            render::list(out, ctx.style, &rows, &COLUMNS)
        }
        CustomerCommand::Show(a) => {
            let c = find_customer(store.db(), &a.customer)?;
            let tenants: Vec<TenantView> = list_tenants(
                store.db(),
                &TenantFilter {
                    customer_id: Some(c.id),
                    ..Default::default()
                },
            )?
            .iter()
            .map(|t| TenantView::load(store.db(), t, ctx))
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
