//! An editable list of short texts (an offer's skills or questions): edit, add, remove.
//! Each input has its own label; the list re-renders only when its length changes.

use leptos::prelude::*;

use crate::i18n::{use_i18n, Text};

#[component]
pub fn ListEditor(
    /// Prefix of the inputs' ids, unique on the page.
    id: &'static str,
    legend: Text,
    item_label: Text,
    add_label: Text,
    remove_label: Text,
    items: RwSignal<Vec<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let len = Memo::new(move |_| items.with(Vec::len));
    let rows = move || {
        (0..len.get())
            .map(|i| {
                let input_id = format!("{id}-{i}");
                let value = items.with_untracked(|v| v.get(i).cloned().unwrap_or_default());
                view! {
                    <li>
                        <label for=input_id.clone()>
                            {move || format!("{} {}", i18n.t(item_label), i + 1)}
                        </label>
                        <input
                            id=input_id
                            type="text"
                            prop:value=value
                            on:input=move |ev| {
                                let text = event_target_value(&ev);
                                items.update(|v| if let Some(item) = v.get_mut(i) { *item = text });
                            }
                        />
                        <button
                            type="button"
                            class="secondary"
                            aria-label=move || format!("{} : {} {}", i18n.t(remove_label), i18n.t(item_label), i + 1)
                            on:click=move |_| items.update(|v| { if i < v.len() { v.remove(i); } })
                        >
                            "✕"
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <fieldset class="list-editor">
            <legend>{move || i18n.t(legend)}</legend>
            <ul>{rows}</ul>
            <button
                type="button"
                class="secondary"
                on:click=move |_| {
                    items.update(|v| v.push(String::new()));
                    // Put the cursor in the new, empty input.
                    let new_id = format!("{id}-{}", items.with_untracked(Vec::len) - 1);
                    request_animation_frame(move || {
                        if let Some(input) = document().get_element_by_id(&new_id) {
                            use wasm_bindgen::JsCast;
                            if let Ok(input) = input.dyn_into::<web_sys::HtmlElement>() {
                                let _ = input.focus();
                            }
                        }
                    });
                }
            >
                "+ " {move || i18n.t(add_label)}
            </button>
        </fieldset>
    }
}
