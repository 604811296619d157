//! The page's frame: the masthead (title, the host-normalisation badge, the theme button), the
//! status bar (the worker, memory, privacy), and the theme as a class on `<html>`.

use std::rc::Rc;

use yew::prelude::*;

use super::files::size_label;
use super::state::Theme;
use crate::view::ResultsView;

#[derive(Properties, PartialEq)]
pub struct MastheadProps {
    /// Host normalisation is on: a badge says so, since it is not Kusto's behaviour.
    pub normalize_hosts: bool,
    pub theme: Theme,
    pub on_theme: Callback<MouseEvent>,
}

#[component]
pub fn Masthead(props: &MastheadProps) -> Html {
    let theme_label = match props.theme {
        Theme::System => "Theme: system",
        Theme::Light => "Theme: light",
        Theme::Dark => "Theme: dark",
    };
    html! {
        <header class="masthead">
            <div class="brand">
                <h1>{ "Huntbench" }</h1>
                <p class="tagline">
                    { "Recon Activity with Interactive Logon Correlation, run entirely in your browser" }
                </p>
            </div>
            <div class="masthead-actions">
                if props.normalize_hosts {
                    <span class="badge badge-warn" title="Hosts are joined by short name: not Kusto's behaviour">
                        { "Host normalisation ON" }
                    </span>
                }
                <button class="button" onclick={props.on_theme.clone()} aria-label="Switch the colour theme">{ theme_label }</button>
            </div>
        </header>
    }
}

#[derive(Properties, PartialEq)]
pub struct StatusBarProps {
    pub spawn_worker: bool,
    /// The worker's version once it answered.
    pub worker_version: Option<String>,
    pub results: Option<Rc<ResultsView>>,
}

#[component]
pub fn StatusBar(props: &StatusBarProps) -> Html {
    let status = match (&props.worker_version, props.spawn_worker) {
        (_, false) => "Engine worker: off".to_string(),
        (None, true) => "Engine worker: starting…".to_string(),
        (Some(v), true) => format!("Engine worker: ready (huntbench {v})"),
    };
    let results = props.results.as_ref();
    html! {
        <footer class="status-bar">
            <p class="worker-status" role="status">{ status }</p>
            <p class="memory-use"
                data-held-bytes={results.map(|r| r.held_bytes.to_string())}
                data-engine-bytes={results.map(|r| r.engine_memory_bytes.to_string())}>
                { results.map(|r| format!(
                    "Columns hold {} · engine memory {}",
                    size_label(r.held_bytes),
                    size_label(r.engine_memory_bytes)
                )).unwrap_or_default() }
            </p>
            <p class="privacy">{ "Files are read in this page only; nothing is uploaded." }</p>
        </footer>
    }
}

/// The theme is a class on `<html>`, so the stylesheet can switch its variables.
#[hook]
pub fn use_theme_class(theme: Theme) {
    use_effect_with(theme, move |theme| {
        if let Some(root) = gloo::utils::document().document_element() {
            let class = match theme {
                Theme::System => "",
                Theme::Light => "theme-light",
                Theme::Dark => "theme-dark",
            };
            root.set_class_name(class);
        }
    });
}
