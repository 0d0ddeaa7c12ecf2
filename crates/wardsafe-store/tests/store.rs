//! Store tests: migrations, the one write path, crash safety.

use rusqlite::Connection;
use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use uuid::Uuid;
use wardsafe_domain::ErrorCode;
use wardsafe_store::{migrate, migrate_to, queries, Entity, Store, Value, SCHEMA_VERSION};

fn site(store: &Store, name: &str) -> Uuid {
    let id = Uuid::now_v7();
    store.write(None, |tx| tx.insert(Entity::Site, id, &[("name", Value::Text(name.into()))])).unwrap();
    id
}

#[test]
fn migrates_from_empty_with_the_pragmas_set() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("a.sqlite3")).unwrap();
    store
        .read(|c| {
            let v: i64 = c.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
            assert_eq!(v, SCHEMA_VERSION);
            let mode: String = c.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
            assert_eq!(mode, "wal");
            let sync: i64 = c.query_row("PRAGMA synchronous", [], |r| r.get(0)).unwrap();
            assert_eq!(sync, 2, "synchronous=FULL");
            let fk: i64 = c.query_row("PRAGMA foreign_keys", [], |r| r.get(0)).unwrap();
            assert_eq!(fk, 1);
            Ok(())
        })
        .unwrap();
}

#[test]
fn migrates_from_every_earlier_version_keeping_data() {
    for from in 1..=SCHEMA_VERSION {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.sqlite3");
        let mut c = Connection::open(&path).unwrap();
        migrate_to(&mut c, from).unwrap();
        c.execute("INSERT INTO sites (id, name) VALUES ('0190f5c8-8d6b-7c84-8a4b-2f5a3a9b0c11', 'Old site')", [])
            .unwrap();
        migrate(&mut c).unwrap();
        drop(c);
        let store = Store::open(&path).unwrap();
        let sites = store.read(queries::places::sites).unwrap();
        assert_eq!(sites.len(), 1, "from version {from}");
    }
}

#[test]
fn a_database_from_a_newer_version_is_refused_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("new.sqlite3");
    {
        let store = Store::open(&path).unwrap();
        site(&store, "Riverside");
    }
    {
        let c = Connection::open(&path).unwrap();
        c.pragma_update(None, "user_version", SCHEMA_VERSION + 1).unwrap();
        c.pragma_update(None, "journal_mode", "DELETE").unwrap();
    }
    let digest = |p: &std::path::Path| {
        let b = std::fs::read(p).unwrap();
        (b.len(), b.iter().fold(0u64, |h, x| h.wrapping_mul(1_000_003).wrapping_add(*x as u64)))
    };
    let before = digest(&path);
    let err = Store::open(&path).err().expect("must refuse");
    assert_eq!(err.code, ErrorCode::NewerDatabase);
    assert!(err.message.contains("newer version"), "{}", err.message);
    assert!(digest(&path) == before, "the file must not change");
}

#[test]
fn every_write_appends_its_change_log_row_in_the_same_transaction() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("a.sqlite3")).unwrap();
    let user = Some(Uuid::now_v7());
    let id = Uuid::now_v7();
    store.write(user, |tx| tx.insert(Entity::Site, id, &[("name", Value::Text("A".into()))])).unwrap();
    store.write(user, |tx| tx.update(Entity::Site, id, &[("name", Value::Text("B".into()))])).unwrap();
    store.write(user, |tx| tx.tombstone(Entity::Site, id)).unwrap();
    let log = store.read(|c| queries::change_log(c, 0, 100)).unwrap();
    let mine: Vec<_> = log.iter().filter(|r| r.entity_id == id).collect();
    assert_eq!(mine.iter().map(|r| r.op.as_str()).collect::<Vec<_>>(), ["insert", "update", "delete"]);
    assert_eq!(mine[1].fields["name"], "B");
    assert!(mine.iter().all(|r| r.user_id == user && r.device_id == store.device_id()));
    // HLC strictly increases with the log.
    assert!(log.windows(2).all(|w| w[0].hlc < w[1].hlc));
    // Tombstoned, not deleted.
    let rows: i64 = store
        .read(|c| Ok(c.query_row("SELECT COUNT(*) FROM sites WHERE deleted = 1", [], |r| r.get(0)).unwrap()))
        .unwrap();
    assert_eq!(rows, 1);
}

#[test]
fn a_failed_change_writes_nothing_not_even_its_log_rows() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("a.sqlite3")).unwrap();
    let before = store.read(|c| queries::change_log(c, 0, 1000)).unwrap().len();
    let r: Result<(), _> = store.write(None, |tx| {
        tx.insert(Entity::Site, Uuid::now_v7(), &[("name", Value::Text("kept?".into()))])?;
        // A ward on a site that does not exist breaks the foreign key.
        tx.insert(
            Entity::Ward,
            Uuid::now_v7(),
            &[
                ("site_id", Value::Text(Uuid::now_v7().to_string())),
                ("name", Value::Text("W".into())),
                ("specialty", Value::Text("acute".into())),
            ],
        )
    });
    assert_eq!(r.unwrap_err().code, ErrorCode::Storage);
    assert_eq!(store.read(|c| queries::change_log(c, 0, 1000)).unwrap().len(), before);
    assert!(store.read(queries::places::sites).unwrap().is_empty());
}

#[test]
fn unknown_fields_never_reach_sql() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("a.sqlite3")).unwrap();
    let e = store
        .write(None, |tx| tx.insert(Entity::Site, Uuid::now_v7(), &[("name; DROP TABLE sites; --", Value::Null)]))
        .unwrap_err();
    assert_eq!(e.code, ErrorCode::Internal);
    let e =
        store.write(None, |tx| tx.update(Entity::Site, Uuid::now_v7(), &[("deleted", Value::Integer(1))])).unwrap_err();
    assert_eq!(e.code, ErrorCode::Internal, "tombstones only through tombstone()");
}

#[test]
fn hlc_continues_after_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.sqlite3");
    let last = {
        let store = Store::open(&path).unwrap();
        for i in 0..5 {
            site(&store, &format!("S{i}"));
        }
        store.read(|c| queries::change_log(c, 0, 100)).unwrap().last().unwrap().hlc.clone()
    };
    let store = Store::open(&path).unwrap();
    site(&store, "after");
    let log = store.read(|c| queries::change_log(c, 0, 100)).unwrap();
    assert!(log.last().unwrap().hlc > last);
}

/// The child half of the kill -9 test: write sites forever, printing each id
/// after its commit returns.
#[test]
fn crash_writer_child() {
    let Some(path) = std::env::var_os("WARDSAFE_CRASH_DB") else { return };
    let store = Store::open(std::path::Path::new(&path)).unwrap();
    let mut out = std::io::stdout();
    for i in 0.. {
        let id = Uuid::now_v7();
        store
            .write(None, |tx| {
                tx.insert(Entity::Site, id, &[("name", Value::Text(format!("site {i}")))])?;
                tx.update(Entity::Site, id, &[("name", Value::Text(format!("site {i} renamed")))])
            })
            .unwrap();
        use std::io::Write;
        writeln!(out, "COMMITTED {id}").unwrap();
        out.flush().unwrap();
    }
}

#[test]
fn kill_9_during_writes_loses_nothing_committed_and_leaves_a_sound_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crash.sqlite3");
    for round in 0..3 {
        let mut child = Command::new(std::env::current_exe().unwrap())
            .args(["--exact", "crash_writer_child", "--nocapture", "--test-threads=1"])
            .env("WARDSAFE_CRASH_DB", &path)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut committed = Vec::new();
        let reader = BufReader::new(child.stdout.take().unwrap());
        for line in reader.lines() {
            let line = line.unwrap();
            if let Some(id) = line.strip_prefix("COMMITTED ") {
                committed.push(Uuid::parse_str(id).unwrap());
                if committed.len() == 40 + round * 17 {
                    // SIGKILL: no destructors, no chance to finish anything.
                    child.kill().unwrap();
                    break;
                }
            }
        }
        child.wait().unwrap();
        let store = Store::open(&path).unwrap();
        store
            .read(|c| {
                let ok: String = c.query_row("PRAGMA integrity_check", [], |r| r.get(0)).unwrap();
                assert_eq!(ok, "ok");
                let names: HashMap<String, String> = c
                    .prepare("SELECT id, name FROM sites")
                    .unwrap()
                    .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
                    .unwrap()
                    .map(Result::unwrap)
                    .collect();
                for id in &committed {
                    let name = names.get(&id.to_string()).expect("a committed site was lost");
                    assert!(name.ends_with("renamed"), "half a transaction survived: {name}");
                    let logged: i64 = c
                        .query_row("SELECT COUNT(*) FROM change_log WHERE entity_id = ?", [id.to_string()], |r| r.get(0))
                        .unwrap();
                    assert_eq!(logged, 2);
                }
                // Whatever was in flight is either wholly there or wholly absent.
                let orphans: i64 = c
                    .query_row(
                        "SELECT COUNT(*) FROM sites s WHERE (SELECT COUNT(*) FROM change_log l WHERE l.entity_id = s.id) <> 2",
                        [],
                        |r| r.get(0),
                    )
                    .unwrap();
                assert_eq!(orphans, 0);
                Ok(())
            })
            .unwrap();
    }
}
