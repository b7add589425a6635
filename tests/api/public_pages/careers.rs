//! The careers pages: programmes searched and shown with admissions, occupations with their
//! demand chart and internships, upcoming events, all as plain HTML from the demo data.

use hub_common::vsic::Section;
use reqwest::StatusCode;
use serde_json::{Value, json};

use super::{assert_self_contained, page, regex_like_day, urlencode};
use crate::helpers::TestApp;
use crate::hub_test;

/// Text as it appears in the page's HTML (escaped).
fn shown(text: &str) -> String {
    maud::html! { (text) }.into_string()
}

async fn programmes(app: &TestApp) -> Vec<Value> {
    let data = app
        .data(
            None,
            "{ vocationalProgrammes(first: 100) { nodes { id name entryPoints level \
               occupations { code } institution { name } \
               supportPolicies { legalSource } \
               admissions { year quota employmentRate } } } }",
            json!({}),
        )
        .await;
    data["vocationalProgrammes"]["nodes"].as_array().unwrap().clone()
}

fn name(value: &Value) -> &str {
    value["name"].as_str().unwrap()
}

fn entries(programme: &Value) -> Vec<&str> {
    programme["entryPoints"].as_array().unwrap().iter().map(|entry| entry.as_str().unwrap()).collect()
}

hub_test!(
    async fn pupils_search_programmes_by_entry_occupation_and_level(app) {
        let all = programmes(&app).await;
        assert!(all.len() >= 10, "the demo data has programmes");
        let after_9 = all.iter().find(|p| entries(p).contains(&"AFTER_GRADE_9")).expect("a programme after grade 9");
        let only_12 = all
            .iter()
            .find(|p| {
                entries(p) == ["AFTER_GRADE_12"]
                    && all.iter().filter(|o| entries(o).contains(&"AFTER_GRADE_9")).all(|o| name(o) != name(p))
            })
            .expect("a programme only after grade 12");

        let (status, html) = page(&app, "/programmes?entry=AFTER_GRADE_9").await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains(&shown(name(after_9))), "{} is open after grade 9", name(after_9));
        assert!(!html.contains(&shown(name(only_12))), "{} is not open after grade 9", name(only_12));
        assert!(html.contains("Sau lớp 9 (tốt nghiệp THCS)"));
        assert_self_contained("/programmes", &html);

        // By occupation: every programme listed leads to it.
        let code = after_9["occupations"][0]["code"].as_str().expect("the programme leads to an occupation");
        let elsewhere = all
            .iter()
            .find(|p| p["occupations"].as_array().unwrap().iter().all(|o| o["code"] != code))
            .expect("a programme for other occupations");
        let (_, html) = page(&app, &format!("/programmes?occupation={code}")).await;
        assert!(html.contains(&shown(name(after_9))));
        assert!(!html.contains(&shown(name(elsewhere))), "{} does not lead to {code}", name(elsewhere));

        let (_, html) = page(&app, "/programmes?level=ELEMENTARY").await;
        for programme in &all {
            let listed = html.contains(&format!("/programmes/{}\"", programme["id"].as_str().unwrap()));
            assert_eq!(listed, programme["level"] == "ELEMENTARY", "{} at level {}", name(programme), programme["level"]);
        }

        // Values of the wrong shape are ignored rather than an error page.
        let (status, _) = page(&app, "/programmes?level=NOPE&area=zz%21&occupation=abc&entry=x").await;
        assert_eq!(status, StatusCode::OK);
        let (status, en) = page(&app, &format!("/en/programmes?text={}", urlencode(name(only_12)))).await;
        assert_eq!(status, StatusCode::OK);
        assert!(en.contains(&shown(name(only_12))) && en.contains("After grade 12 (upper-secondary graduates)"));
    }
);

hub_test!(
    async fn a_programme_page_shows_admissions_outcomes_and_policies_with_their_sources(app) {
        let all = programmes(&app).await;
        let programme = all
            .iter()
            .find(|p| {
                !p["supportPolicies"].as_array().unwrap().is_empty()
                    && p["admissions"].as_array().unwrap().iter().any(|a| a["employmentRate"].is_number())
            })
            .expect("a demo programme with policies and reported outcomes");
        let id = programme["id"].as_str().unwrap();
        let (status, html) = page(&app, &format!("/programmes/{id}")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains(&format!("<h1>{}</h1>", shown(name(programme)))));
        assert!(html.contains("Tuyển sinh và việc làm") && html.contains("Chỉ tiêu"));
        let admissions = programme["admissions"].as_array().unwrap();
        let rate = admissions.iter().find_map(|a| a["employmentRate"].as_f64()).unwrap();
        let rate_vi = format!("{rate:.1} %").replace('.', ",");
        assert!(html.contains(&rate_vi), "the employment rate {rate_vi} is shown as computed by the API");
        // Each year's figures name who reported them and when.
        let institution = shown(programme["institution"]["name"].as_str().unwrap());
        assert!(html.contains(&format!("{institution}, báo cáo ngày ")), "the source of the admissions");
        assert!(regex_like_day(&html).is_some(), "dates are written dd/MM/yyyy");
        let legal = programme["supportPolicies"][0]["legalSource"].as_str().unwrap();
        assert!(html.contains(&shown(legal)), "each policy names its legal source");
        let code = programme["occupations"][0]["code"].as_str().unwrap();
        assert!(html.contains(&format!("href=\"/occupations/{code}\"")), "the occupations it leads to link to their pages");

        let (status, en) = page(&app, &format!("/en/programmes/{id}")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(en.contains("Admissions and employment") && en.contains(&format!("{rate:.1}%")));
        assert!(en.contains(&format!("href=\"/en/occupations/{code}\"")));

        let (status, _) = page(&app, "/programmes/6f0d2c43-0000-4000-8000-000000000000").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
);

hub_test!(
    async fn an_occupation_page_shows_its_demand_programmes_and_internships_in_its_industries(app) {
        let data = app
            .data(
                None,
                "{ occupations(first: 100) { nodes { code nameVi vsicSections \
                   bulletins(last: 8) { publisher demonstration } programmes { name } } } \
                   internshipOffers(filter: { openForNominations: true }, first: 50) { nodes { title sector } } }",
                json!({}),
            )
            .await;
        let occupations = data["occupations"]["nodes"].as_array().unwrap();
        let offers = data["internshipOffers"]["nodes"].as_array().unwrap();
        let section_of = |offer: &Value| Section::of_code(offer["sector"].as_str().unwrap()).map(|s| s.letter);
        let in_sections = |occupation: &Value, offer: &Value| {
            occupation["vsicSections"].as_array().unwrap().iter().any(|s| Some(s.as_str().unwrap()) == section_of(offer))
        };
        // An occupation with bulletins, programmes and an open internship in its industries.
        let (occupation, offer) = occupations
            .iter()
            .filter(|o| !o["bulletins"].as_array().unwrap().is_empty() && !o["programmes"].as_array().unwrap().is_empty())
            .find_map(|o| offers.iter().find(|offer| in_sections(o, offer)).map(|offer| (o, offer)))
            .expect("the demo data links an occupation to bulletins, programmes and offers");
        let code = occupation["code"].as_str().unwrap();

        let (status, html) = page(&app, &format!("/occupations/{code}")).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains(&format!("<h1>{}</h1>", shown(occupation["nameVi"].as_str().unwrap()))));
        assert!(html.contains("<svg") && html.contains("aria-label=\"Biểu đồ số cần tuyển"), "the demand chart");
        assert!(html.contains("Số liệu minh họa, không phải số liệu chính thức."), "demo figures say so");
        let publisher = occupation["bulletins"][0]["publisher"].as_str().unwrap();
        assert!(html.contains(&shown(publisher)), "each bulletin names its publisher");
        assert!(html.contains(&shown(occupation["programmes"][0]["name"].as_str().unwrap())));
        let title = offer["title"].as_str().unwrap();
        assert!(html.contains(&shown(title)), "{title} is in the industries of {code}");
        assert_self_contained("/occupations", &html);

        // An occupation in none of that offer's sections does not show it.
        if let Some(other) = occupations.iter().find(|o| !in_sections(o, offer)) {
            let (_, html) = page(&app, &format!("/occupations/{}", other["code"].as_str().unwrap())).await;
            assert!(!html.contains(&shown(title)));
        }

        let (_, list) = page(&app, "/occupations?text=").await;
        assert!(list.contains(&format!("href=\"/occupations/{code}\"")));
        let (status, _) = page(&app, "/occupations/99999").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let (status, _) = page(&app, "/en/occupations/abc").await;
        assert_eq!(status, StatusCode::NOT_FOUND);
    }
);

hub_test!(
    async fn upcoming_events_are_listed_with_their_day_time_and_seats_and_filter_by_grade(app) {
        let data = app
            .data(
                None,
                "{ careerEvents(filter: { upcoming: true, status: PUBLISHED }, first: 50) { nodes { id title grades } } }",
                json!({}),
            )
            .await;
        let events = data["careerEvents"]["nodes"].as_array().unwrap();
        assert!(!events.is_empty(), "the demo data has events coming up");
        let (status, html) = page(&app, "/events").await;
        assert_eq!(status, StatusCode::OK);
        for event in events {
            assert!(html.contains(&format!("id=\"event-{}\"", event["id"].as_str().unwrap())));
        }
        assert!(html.contains("Còn chỗ") && regex_like_day(&html).is_some());

        // A grade some event is not for leaves that event out.
        let grades_of = |event: &Value| -> Vec<i64> { event["grades"].as_array().unwrap().iter().filter_map(Value::as_i64).collect() };
        let (event, grade) = events
            .iter()
            .find_map(|event| (6..=12).find(|grade| !grades_of(event).contains(grade)).map(|grade| (event, grade)))
            .expect("an event not for every grade");
        let (_, filtered) = page(&app, &format!("/events?grade={grade}")).await;
        assert!(!filtered.contains(&format!("id=\"event-{}\"", event["id"].as_str().unwrap())));

        let (_, home) = page(&app, "/").await;
        assert!(home.contains("Sự kiện sắp diễn ra") && home.contains("href=\"/events\""));
    }
);

hub_test!(
    async fn the_sitemap_lists_programmes_and_occupations(app) {
        let all = programmes(&app).await;
        let id = all[0]["id"].as_str().unwrap();
        let code = all[0]["occupations"][0]["code"].as_str().unwrap();
        let xml = app.client.get(format!("{}/sitemap.xml", app.base_url)).send().await.unwrap().text().await.unwrap();
        for path in [
            format!("/programmes/{id}</loc>"),
            format!("/en/programmes/{id}</loc>"),
            format!("/occupations/{code}</loc>"),
            "/events</loc>".to_owned(),
        ] {
            assert!(xml.contains(&path), "{path} missing from the sitemap");
        }
    }
);
