//! Issue 9 item 6, booking contention: 200 concurrent `bookFacility` calls for one slot of one
//! facility. Exactly one may succeed (the PostgreSQL exclusion constraint decides); the figure
//! is how long the 200 take to settle, repeated on a few fresh slots.

use std::time::{Duration, Instant};

use anyhow::{Result, bail};
use futures_util::future::join_all;
use serde_json::{Value, json};

const CREATE: &str = "mutation($input: CreateFacilityInput!) { createFacility(input: $input) { id } }";
const BOOK: &str = "mutation($input: BookFacilityInput!) { bookFacility(input: $input) { bookings { id } } }";
pub const CALLERS: usize = 200;
const ROUNDS: i64 = 5;

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * (sorted.len() - 1) as f64).round() as usize;
    sorted[rank.min(sorted.len() - 1)]
}

/// Publishes a facility as `host_token`, then runs the rounds as `school_token`.
pub async fn booking_contention(graphql_url: &str, host_token: &str, school_token: &str) -> Result<Value> {
    let client = reqwest::Client::builder().pool_max_idle_per_host(CALLERS).build()?;
    let days = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"];
    let input = json!({
        "name": "Xưởng đo tải đặt chỗ", "trade": "Điện công nghiệp", "capacity": 40, "approvalRequired": false,
        "openingHours": days.iter().map(|d| json!({ "weekday": d, "spans": [{ "opens": "07:00", "closes": "21:00" }] })).collect::<Vec<_>>(),
    });
    let created =
        super::graphql(&client, graphql_url, Some(host_token), CREATE, json!({ "input": input })).await?;
    let Some(facility) = created["createFacility"]["id"].as_str().map(str::to_owned) else {
        bail!("createFacility returned no id: {created}");
    };
    let today = (chrono::Utc::now() + chrono::TimeDelta::hours(7)).date_naive();
    let mut rounds = Vec::new();
    for round in 0..ROUNDS {
        let day = today + chrono::TimeDelta::days(30 + round);
        let variables = json!({ "input": {
            "facilityId": facility, "startsAt": format!("{day}T08:00:00+07:00"), "endsAt": format!("{day}T10:00:00+07:00"),
            "participants": 30, "purpose": "Đo tải: 200 yêu cầu cho cùng một khung giờ.",
        }});
        let body = json!({ "query": BOOK, "variables": variables });
        let started = Instant::now();
        let calls = (0..CALLERS).map(|_| {
            let request = client.post(graphql_url).bearer_auth(school_token).json(&body);
            async move {
                let sent = Instant::now();
                let answer: Option<Value> = match request.send().await {
                    Ok(response) => response.json().await.ok(),
                    Err(_) => None,
                };
                (sent.elapsed(), answer)
            }
        });
        let answers: Vec<(Duration, Option<Value>)> = join_all(calls).await;
        let settle_ms = started.elapsed().as_secs_f64() * 1000.0;
        let code = |a: &Value| a["errors"][0]["extensions"]["code"].as_str().map(str::to_owned);
        let booked =
            answers.iter().filter(|(_, a)| a.as_ref().is_some_and(|a| a.get("errors").is_none())).count();
        let conflicts =
            answers.iter().filter(|(_, a)| a.as_ref().and_then(code).as_deref() == Some("CONFLICT")).count();
        let mut latencies: Vec<f64> = answers.iter().map(|(d, _)| d.as_secs_f64() * 1000.0).collect();
        latencies.sort_by(f64::total_cmp);
        rounds.push(json!({
            "settle_ms": (settle_ms * 10.0).round() / 10.0,
            "booked": booked,
            "conflicts": conflicts,
            "other": CALLERS - booked - conflicts,
            "latency_ms": { "p50": percentile(&latencies, 50.0), "p99": percentile(&latencies, 99.0), "max": percentile(&latencies, 100.0) },
        }));
    }
    let mut settles: Vec<f64> = rounds.iter().filter_map(|r| r["settle_ms"].as_f64()).collect();
    settles.sort_by(f64::total_cmp);
    let exactly_one = rounds.iter().all(|r| r["booked"] == 1 && r["conflicts"] == CALLERS - 1);
    Ok(json!({
        "callers": CALLERS,
        "rounds": rounds,
        "median_settle_ms": percentile(&settles, 50.0),
        "exactly_one_success_every_round": exactly_one,
    }))
}
