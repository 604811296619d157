//! Exercise mode: the story, the questions with answer fields, hints one at a time, and the score.
//! Answers are checked here against the salted hashes in the file. Progress is kept in local
//! storage under the exercise file's hash (the only thing the page ever stores) and can be reset.

use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

use gloo::storage::{LocalStorage, Storage};
use serde::{Deserialize, Serialize};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::boundary::ExerciseView;

/// What the analyst has done in one exercise.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub solved: BTreeSet<String>,
    pub hints: BTreeMap<String, usize>,
    pub tries: BTreeMap<String, u32>,
}

impl Progress {
    pub fn storage_key(file_hash: &str) -> String {
        format!("huntbench.exercise.{file_hash}")
    }

    pub fn score(&self, exercise: &ExerciseView) -> u32 {
        exercise.questions.iter().filter(|q| self.solved.contains(&q.id)).map(|q| q.points).sum()
    }
}

#[derive(Properties, PartialEq)]
pub struct ExercisePanelProps {
    pub exercise: Rc<ExerciseView>,
}

#[component]
pub fn ExercisePanel(props: &ExercisePanelProps) -> Html {
    let e = &props.exercise;
    let key = Progress::storage_key(&e.file_hash);
    let progress = {
        let key = key.clone();
        use_state(move || LocalStorage::get::<Progress>(&key).unwrap_or_default())
    };
    {
        // Another exercise dropped: show its own progress.
        let (progress, key) = (progress.clone(), key.clone());
        use_effect_with(e.file_hash.clone(), move |_| progress.set(LocalStorage::get::<Progress>(&key).unwrap_or_default()));
    }
    let answers = use_state(BTreeMap::<String, String>::new);
    let verdicts = use_state(BTreeMap::<String, bool>::new);
    let save = {
        let (progress, key) = (progress.clone(), key.clone());
        move |next: Progress| {
            // Storage may be full or refused (private mode): progress then lasts the session only.
            let _ = LocalStorage::set(&key, &next);
            progress.set(next);
        }
    };
    let total: u32 = e.questions.iter().map(|q| q.points).sum();
    let score = progress.score(e);
    let reset = {
        let (save, verdicts, answers, key) = (save.clone(), verdicts.clone(), answers.clone(), key.clone());
        Callback::from(move |_: MouseEvent| {
            LocalStorage::delete(&key);
            save(Progress::default());
            verdicts.set(BTreeMap::new());
            answers.set(BTreeMap::new());
        })
    };
    let question_html = |q: &crate::exercise::Question| {
        let id = q.id.clone();
        let solved = progress.solved.contains(&q.id);
        let shown_hints = progress.hints.get(&q.id).copied().unwrap_or(0).min(q.hints.len());
        let on_input = {
            let (answers, id) = (answers.clone(), id.clone());
            Callback::from(move |ev: InputEvent| {
                let mut next = (*answers).clone();
                next.insert(id.clone(), ev.target_unchecked_into::<HtmlInputElement>().value());
                answers.set(next);
            })
        };
        let on_check = {
            let (answers, verdicts, progress, save, q) = (answers.clone(), verdicts.clone(), progress.clone(), save.clone(), q.clone());
            Callback::from(move |ev: SubmitEvent| {
                ev.prevent_default();
                let answer = answers.get(&q.id).cloned().unwrap_or_default();
                let right = q.check(&answer);
                let mut v = (*verdicts).clone();
                v.insert(q.id.clone(), right);
                verdicts.set(v);
                let mut next = (*progress).clone();
                *next.tries.entry(q.id.clone()).or_default() += 1;
                if right {
                    next.solved.insert(q.id.clone());
                }
                save(next);
            })
        };
        let on_hint = {
            let (progress, save, id) = (progress.clone(), save.clone(), id.clone());
            Callback::from(move |_: MouseEvent| {
                let mut next = (*progress).clone();
                *next.hints.entry(id.clone()).or_default() += 1;
                save(next);
            })
        };
        let verdict = verdicts.get(&q.id).copied();
        html! {
            <li class={classes!("question", solved.then_some("solved"))} data-question={q.id.clone()}>
                <p class="prompt">{ q.prompt.clone() }<span class="muted">{ format!(" ({} pt{})", q.points, if q.points == 1 { "" } else { "s" }) }</span></p>
                <form class="inline-form" onsubmit={on_check}>
                    <input type="text" class="answer" aria-label={format!("Answer to: {}", q.prompt)}
                        value={answers.get(&q.id).cloned().unwrap_or_default()} oninput={on_input} disabled={solved} />
                    <button class="button check" type="submit" disabled={solved}>{ "Check" }</button>
                    if shown_hints < q.hints.len() && !solved {
                        <button class="button hint" type="button" onclick={on_hint}>
                            { format!("Hint ({} left)", q.hints.len() - shown_hints) }
                        </button>
                    }
                </form>
                if solved {
                    <p class="verdict right" role="status">{ "✓ Right." }</p>
                } else if verdict == Some(false) {
                    <p class="verdict wrong" role="status">{ "✗ Not yet: try again, or take a hint." }</p>
                }
                if shown_hints > 0 {
                    <ul class="hints">{ for q.hints[..shown_hints].iter().map(|h| html! { <li>{ h.clone() }</li> }) }</ul>
                }
            </li>
        }
    };
    html! {
        <section class="exercise" aria-label="Exercise">
            <div class="exercise-head">
                <h2>{ format!("Exercise: {}", e.title) }</h2>
                <span class="score" role="status">{ format!("Score {score} / {total}") }</span>
                <span class="muted">{ format!("{} hint(s) used", progress.hints.values().sum::<usize>()) }</span>
                <span class="spacer"></span>
                <button class="button reset-progress" onclick={reset}>{ "Reset progress" }</button>
            </div>
            <p class="story">{ e.story.clone() }</p>
            <ol class="questions">{ for e.questions.iter().map(question_html) }</ol>
        </section>
    }
}
