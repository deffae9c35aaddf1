//! `ftc report --html FILE` (issue 15 item 5), checked in a real browser:
//! headless Chromium loads the page through a proxy that records every
//! request (nothing but the page itself may be asked for), takes a
//! screenshot, and lays the page out with a measuring script added to a
//! copy: every chart is drawn (its marks have a size, and the screenshot
//! has ink where the chart is), and a narrow window needs no sideways
//! scrolling.
//!
//! Chromium is found as `FTC_CHROMIUM`, else `chromium`, `chromium-browser`
//! or `google-chrome` on PATH. Without one the test says so and passes,
//! unless `FTC_REQUIRE_CHROMIUM=1` (set by `.ci/run`, which installs it).

use crate::common::Ftc;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

fn chromium() -> Option<PathBuf> {
    if let Ok(p) = std::env::var("FTC_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for name in ["chromium", "chromium-browser", "google-chrome"] {
            let p = dir.join(name);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

/// Headless Chromium with its own profile, `args`, then `url`; stdout.
fn run_chromium(browser: &Path, profile: &Path, args: &[String], url: &str) -> String {
    let out = std::process::Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            "--force-device-scale-factor=1",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .arg(url)
        .output()
        .expect("run chromium");
    assert!(
        out.status.success(),
        "chromium {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The requests a server saw: (request line, Referer).
type Seen = Arc<Mutex<Vec<(String, String)>>>;

/// A proxy and web server in one: every request Chromium makes comes here
/// (it is the browser's proxy, loopback included), is recorded with its
/// Referer, and `/report.html` is answered with `page`.
fn serve(page: Vec<u8>) -> (u16, Seen) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut first = String::new();
            if reader.read_line(&mut first).is_err() {
                continue;
            }
            // The headers, up to the empty line; the Referer kept.
            let mut referer = String::new();
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 2) {
                if let Some((k, v)) = line.split_once(':') {
                    if k.eq_ignore_ascii_case("referer") {
                        referer = v.trim().to_string();
                    }
                }
                line.clear();
            }
            if !first.trim().is_empty() {
                log.lock()
                    .unwrap()
                    .push((first.trim().to_string(), referer));
            }
            let target = first.split_whitespace().nth(1).unwrap_or("");
            let reply = if target.ends_with("/report.html") {
                let mut r = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    page.len()
                )
                .into_bytes();
                r.extend_from_slice(&page);
                r
            } else {
                b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec()
            };
            let _ = stream.write_all(&reply);
            let _ = stream.flush();
            let mut rest = Vec::new();
            let _ = reader.read_to_end(&mut rest);
        }
    });
    (port, seen)
}

/// Appended to a copy of the page: the layout of every chart, one line a
/// figure (`id left top width height marks-drawn marks`), then how far the
/// page overflows the window sideways.
const MEASURE: &str = r#"<script>
(function () {
  var out = [];
  document.querySelectorAll('figure').forEach(function (fig) {
    var svg = fig.querySelector('svg');
    if (!svg) { out.push(fig.id + ' none'); return; }
    var r = svg.getBoundingClientRect();
    var marks = svg.querySelectorAll('.mark');
    var drawn = 0;
    marks.forEach(function (m) { var b = m.getBoundingClientRect(); if (b.width > 0 || b.height > 0) drawn++; });
    out.push([fig.id, Math.round(r.left), Math.round(r.top + window.scrollY), Math.round(r.width), Math.round(r.height), drawn, marks.length].join(' '));
  });
  out.push('window ' + window.innerWidth);
  out.push('overflow ' + (document.documentElement.scrollWidth - window.innerWidth));
  var pre = document.createElement('pre');
  pre.id = 'measured';
  pre.textContent = out.join('\n');
  document.body.appendChild(pre);
})();
</script>"#;

/// The measured lines of a dumped DOM.
fn measured(dom: &str) -> Vec<String> {
    let start = dom
        .find("<pre id=\"measured\">")
        .expect("the measuring script ran")
        + 19;
    let end = start + dom[start..].find("</pre>").unwrap();
    dom[start..end].lines().map(str::to_string).collect()
}

#[test]
fn the_html_report_draws_every_chart_offline_in_a_real_browser() {
    let Some(browser) = chromium() else {
        assert!(
            std::env::var("FTC_REQUIRE_CHROMIUM").is_err(),
            "FTC_REQUIRE_CHROMIUM is set but no Chromium was found"
        );
        eprintln!(
            "no Chromium found (FTC_CHROMIUM, or chromium on PATH): the browser check was not run"
        );
        return;
    };
    let f = Ftc::new();
    let db = f.demo();
    let page_path = f.path("report.html");
    let out = f
        .cmd()
        .args([
            "report",
            "--db",
            db.to_str().unwrap(),
            "--html",
            page_path.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stdout.is_empty());
    let page = std::fs::read_to_string(&page_path).unwrap();
    // Self-contained: nothing that could load from elsewhere.
    for bad in [
        "<script", "<link", "src=", "href=", "url(", "@import", "http:", "https:",
    ] {
        assert!(!page.contains(bad), "the page has {bad}");
    }
    let figures = ["funnel", "options", "dibs", "overdue", "trend"];
    for id in figures {
        assert!(
            page.contains(&format!("<figure id=\"{id}\">")),
            "no {id} chart"
        );
    }

    // 1. The page as written, through the recording proxy: a screenshot,
    //    and no request but the page's own.
    let (port, seen) = serve(page.clone().into_bytes());
    let proxy = vec![
        format!("--proxy-server=http://127.0.0.1:{port}"),
        "--proxy-bypass-list=<-loopback>".to_string(),
    ];
    let url = format!("http://127.0.0.1:{port}/report.html");
    let shot = f.path("shot.png");
    let mut args = proxy.clone();
    args.push(format!("--screenshot={}", shot.display()));
    args.push("--window-size=1000,4000".into());
    run_chromium(&browser, &f.path("profile-1"), &args, &url);
    // The browser makes requests of its own (updates, time) with no
    // Referer; anything the page asks for names the page's origin in it.
    let requests = seen.lock().unwrap().clone();
    let origin = format!("http://127.0.0.1:{port}");
    assert!(
        requests
            .iter()
            .any(|(r, _)| r.contains(&format!("{origin}/report.html"))),
        "the page did not come through the proxy: {requests:?}"
    );
    for (r, referer) in &requests {
        assert!(
            !referer.starts_with(&origin),
            "the page asked for {r}: {requests:?}"
        );
    }

    // 2. A copy with the measuring script (the page's own policy forbids
    //    scripts, so the copy leaves it out), at the same size.
    let measuring = page
        .replacen(
            "<meta http-equiv=\"Content-Security-Policy\"",
            "<meta name=\"x-policy-removed\"",
            1,
        )
        .replace("</body>", &format!("{MEASURE}</body>"));
    let (port2, _) = serve(measuring.into_bytes());
    let url2 = format!("http://127.0.0.1:{port2}/report.html");
    let mut wide = vec![
        format!("--proxy-server=http://127.0.0.1:{port2}"),
        "--proxy-bypass-list=<-loopback>".to_string(),
        "--dump-dom".to_string(),
        "--window-size=1000,4000".to_string(),
    ];
    let lines = measured(&run_chromium(&browser, &f.path("profile-2"), &wide, &url2));
    let png = std::fs::File::open(&shot).unwrap();
    let mut decoder = png::Decoder::new(std::io::BufReader::new(png));
    decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let frame = reader.next_frame(&mut pixels).unwrap();
    let channels = frame.color_type.samples();
    for id in figures {
        let line = lines
            .iter()
            .find(|l| l.split(' ').next() == Some(id))
            .unwrap_or_else(|| panic!("{id} not measured: {lines:?}"));
        let v: Vec<i64> = line
            .split(' ')
            .skip(1)
            .map(|x| x.parse().unwrap())
            .collect();
        let [left, top, width, height, drawn, marks] = v[..] else {
            panic!("{line}")
        };
        assert!(width > 300 && height > 40, "{id} is not laid out: {line}");
        assert!(
            marks > 0 && drawn == marks,
            "{id}: {drawn} of {marks} marks drawn"
        );
        // Ink where the chart is: pixels well away from the white page.
        let mut ink = 0;
        for y in top.max(0)..(top + height).min(i64::from(frame.height)) {
            for x in left.max(0)..(left + width).min(i64::from(frame.width)) {
                let i = (y as usize * frame.width as usize + x as usize) * channels;
                if pixels[i..i + 3].iter().any(|c| *c < 200) {
                    ink += 1;
                }
            }
        }
        assert!(
            ink * 100 > width * height,
            "{id}: only {ink} dark pixels in its {width}x{height} area of the screenshot"
        );
    }
    assert_eq!(
        lines.last().map(String::as_str),
        Some("overflow 0"),
        "{lines:?}"
    );

    // 3. A narrow window: the charts shrink to fit, nothing scrolls sideways.
    wide.pop();
    wide.push("--window-size=380,6000".into());
    let narrow = measured(&run_chromium(&browser, &f.path("profile-3"), &wide, &url2));
    assert!(
        narrow.last().is_some_and(|l| l
            .strip_prefix("overflow ")
            .and_then(|n| n.parse::<i64>().ok())
            .is_some_and(|n| n <= 0)),
        "{narrow:?}"
    );
    let window: i64 = narrow[narrow.len() - 2]
        .strip_prefix("window ")
        .and_then(|w| w.parse().ok())
        .unwrap_or_else(|| panic!("{narrow:?}"));
    assert!(window < 600, "not a narrow window: {narrow:?}");
    for l in &narrow[..narrow.len() - 2] {
        let width: i64 = l.split(' ').nth(3).unwrap().parse().unwrap();
        assert!(
            width > 0 && width <= window,
            "{l} in a window {window} wide"
        );
    }
}
