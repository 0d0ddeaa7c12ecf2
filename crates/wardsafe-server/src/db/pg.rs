//! PostgreSQL. Writers take one transaction-level advisory lock so that
//! `server_seq` is handed out in commit order across every server process
//! sharing the database (a pull never skips a change that commits late).
//!
//! A few connections are kept, each with its prepared statements (every
//! statement here is prepared once per connection, not once per call); a
//! connection that broke (the database restarted) is replaced.

use super::{db_error, Conn, DbResult, Kind, P};
use postgres::types::{ToSql, Type};
use postgres::{Client, NoTls, Statement};
use std::collections::HashMap;
use std::sync::Mutex;

struct Pooled {
    client: Client,
    statements: HashMap<String, Statement>,
}

pub struct PgDb {
    config: postgres::Config,
    idle: Mutex<Vec<Pooled>>,
}

const SCHEMA: &str = include_str!("../../schema/postgres.sql");
/// Any fixed number: the advisory lock that serialises writers.
const WRITE_LOCK: i64 = 0x5741_5244;
const MAX_IDLE: usize = 8;

impl PgDb {
    pub fn open(url: &str) -> DbResult<PgDb> {
        let mut config: postgres::Config = url.parse().map_err(db_error)?;
        config.connect_timeout(std::time::Duration::from_secs(10));
        let db = PgDb { config, idle: Mutex::new(Vec::new()) };
        db.transaction(true, |c| {
            for stmt in SCHEMA.split(";\n").map(str::trim).filter(|s| !s.is_empty()) {
                c.exec(stmt, &[])?;
            }
            Ok(())
        })?;
        Ok(db)
    }

    fn take(&self) -> DbResult<Pooled> {
        while let Some(p) = self.idle.lock().unwrap_or_else(|e| e.into_inner()).pop() {
            if !p.client.is_closed() {
                return Ok(p);
            }
        }
        let client = self.config.connect(NoTls).map_err(db_error)?;
        Ok(Pooled { client, statements: HashMap::new() })
    }

    fn give_back(&self, p: Pooled) {
        let mut idle = self.idle.lock().unwrap_or_else(|e| e.into_inner());
        if !p.client.is_closed() && idle.len() < MAX_IDLE {
            idle.push(p);
        }
    }

    pub fn transaction<T>(&self, write: bool, f: impl FnOnce(&mut dyn Conn) -> DbResult<T>) -> DbResult<T> {
        let mut pooled = self.take()?;
        let out = Self::run(&mut pooled, write, f);
        self.give_back(pooled);
        out
    }

    fn run<T>(p: &mut Pooled, write: bool, f: impl FnOnce(&mut dyn Conn) -> DbResult<T>) -> DbResult<T> {
        let Pooled { client, statements } = p;
        let mut tx = client.transaction().map_err(db_error)?;
        if write {
            tx.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITE_LOCK]).map_err(db_error)?;
        } else {
            tx.batch_execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").map_err(db_error)?;
        }
        let mut c = PgConn { tx: &mut tx, statements };
        let out = f(&mut c)?;
        tx.commit().map_err(db_error)?;
        Ok(out)
    }
}

struct PgConn<'a, 'b> {
    tx: &'a mut postgres::Transaction<'b>,
    statements: &'a mut HashMap<String, Statement>,
}

impl PgConn<'_, '_> {
    fn statement(&mut self, sql: &str) -> DbResult<Statement> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let s = self.tx.prepare(sql).map_err(db_error)?;
        self.statements.insert(sql.to_string(), s.clone());
        Ok(s)
    }
}

fn params(ps: &[P]) -> Vec<Box<dyn ToSql + Sync>> {
    ps.iter()
        .map(|p| -> Box<dyn ToSql + Sync> {
            match p {
                P::I(i) => Box::new(*i),
                P::T(s) => Box::new(s.clone()),
                P::B(b) => Box::new(b.clone()),
                P::Null => Box::new(Option::<String>::None),
            }
        })
        .collect()
}

impl Conn for PgConn<'_, '_> {
    fn exec(&mut self, sql: &str, ps: &[P]) -> DbResult<u64> {
        if ps.is_empty() && !sql.contains('$') {
            self.tx.batch_execute(sql).map_err(db_error)?;
            return Ok(0);
        }
        let stmt = self.statement(sql)?;
        let boxed = params(ps);
        let refs: Vec<&(dyn ToSql + Sync)> = boxed.iter().map(|b| b.as_ref()).collect();
        self.tx.execute(&stmt, &refs).map_err(db_error)
    }

    fn rows(&mut self, sql: &str, ps: &[P]) -> DbResult<Vec<Vec<P>>> {
        let stmt = self.statement(sql)?;
        let boxed = params(ps);
        let refs: Vec<&(dyn ToSql + Sync)> = boxed.iter().map(|b| b.as_ref()).collect();
        let rows = self.tx.query(&stmt, &refs).map_err(db_error)?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let mut row = Vec::with_capacity(r.len());
            for (i, col) in r.columns().iter().enumerate() {
                let t = col.type_();
                let v = if *t == Type::INT8 {
                    r.get::<_, Option<i64>>(i).map(P::I)
                } else if *t == Type::INT4 {
                    r.get::<_, Option<i32>>(i).map(|v| P::I(v.into()))
                } else if *t == Type::BYTEA {
                    r.get::<_, Option<Vec<u8>>>(i).map(P::B)
                } else if *t == Type::BOOL {
                    r.get::<_, Option<bool>>(i).map(|b| P::I(b as i64))
                } else {
                    r.get::<_, Option<String>>(i).map(P::T)
                };
                row.push(v.unwrap_or(P::Null));
            }
            out.push(row);
        }
        Ok(out)
    }

    fn is_postgres(&self) -> bool {
        true
    }

    fn insert_many(&mut self, head: &str, kinds: &[Kind], tail: &str, rows: Vec<Vec<P>>) -> DbResult<()> {
        if rows.is_empty() {
            return Ok(());
        }
        // One array per column, unnested into rows: one statement whatever the number of rows.
        let casts: Vec<String> = kinds
            .iter()
            .enumerate()
            .map(|(i, k)| format!("${}::{}[]", i + 1, if *k == Kind::Int { "bigint" } else { "text" }))
            .collect();
        let sql = format!("{head} SELECT * FROM unnest({}) {tail}", casts.join(", "));
        let mut columns: Vec<Box<dyn ToSql + Sync>> = Vec::with_capacity(kinds.len());
        for (i, k) in kinds.iter().enumerate() {
            let column = rows.iter().map(|r| r.get(i).cloned().unwrap_or(P::Null));
            columns.push(match k {
                Kind::Int => {
                    Box::new(column.map(|p| if p == P::Null { None } else { Some(p.int()) }).collect::<Vec<_>>())
                }
                Kind::Text => Box::new(column.map(|p| p.text().map(str::to_string)).collect::<Vec<_>>()),
            });
        }
        let stmt = self.statement(&sql)?;
        let refs: Vec<&(dyn ToSql + Sync)> = columns.iter().map(|b| b.as_ref()).collect();
        self.tx.execute(&stmt, &refs).map_err(db_error)?;
        Ok(())
    }
}
