//! Small pieces the pages are built from: navigation, status messages, charts, list editors.
//! Each one takes plain data or signals and knows nothing of the page around it.

pub mod charts;
pub mod guard;
pub mod list_editor;
pub mod nav;
pub mod pager;
pub mod status;
pub mod table;
