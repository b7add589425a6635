//! The hot reads' own connections (`hub_common::read_pool`): they skip SQLx's check on release,
//! so they must never hand the next statement a connection that is half-way through an answer.

use std::time::Duration;

use hub_common::read_pool::ReadPool;
use sea_orm::{ConnectionTrait, DbBackend, Statement};

use crate::helpers::{Backend, TestApp};

fn sql(text: &str) -> Statement {
    Statement::from_string(DbBackend::Postgres, text)
}

async fn number(reads: &ReadPool, text: &str) -> i32 {
    let rows = reads.query_all_raw(sql(text)).await.unwrap();
    rows[0].try_get::<i32>("", "n").unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_cancelled_or_failed_midway_leaves_nothing_for_the_next_read() {
    let Some(app) = TestApp::spawn(Backend::Postgres).await else { return };
    let reads = ReadPool::direct(app.db.clone(), 1, None);
    assert_eq!(number(&reads, "SELECT 1 AS n").await, 1);
    let usage = reads.usage().unwrap();
    assert_eq!((usage.open, usage.idle, usage.max), (1, 1, 1), "a finished read keeps its connection");

    // A request that gives up while PostgreSQL is still answering.
    let slow = reads.query_all_raw(sql("SELECT 1 AS n FROM pg_sleep(5)"));
    assert!(tokio::time::timeout(Duration::from_millis(300), slow).await.is_err());
    // Reusing that connection would wait for the abandoned answer (5 s) before this one.
    let next = tokio::time::timeout(Duration::from_secs(3), number(&reads, "SELECT 2 AS n")).await;
    assert_eq!(next.ok(), Some(2), "the next read answers at once, on a connection of its own");

    // A statement PostgreSQL refuses.
    let refused = reads.query_all_raw(sql("SELECT 1 / 0 AS n")).await;
    assert!(refused.is_err());
    assert_eq!(reads.usage().unwrap().open, 0, "a failed read's connection is closed");
    assert_eq!(number(&reads, "SELECT 3 AS n").await, 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_read_finding_every_connection_busy_waits_for_one_and_gets_its_own_answer() {
    let Some(app) = TestApp::spawn(Backend::Postgres).await else { return };
    let reads = ReadPool::direct(app.db.clone(), 1, None);
    let (slow, quick) = tokio::join!(number(&reads, "SELECT 1 AS n FROM pg_sleep(0.3)"), async {
        tokio::time::sleep(Duration::from_millis(50)).await;
        number(&reads, "SELECT 2 AS n").await
    });
    assert_eq!((slow, quick), (1, 2));
    let usage = reads.usage().unwrap();
    assert_eq!((usage.open, usage.idle), (1, 1), "one connection served both, one after the other");
}
