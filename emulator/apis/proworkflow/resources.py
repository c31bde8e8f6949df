"""Which ResourceSpec serves each list operation (for the tests that check the operation table
against the code: every FILTER parameter the seed documents has a filter, every field token an
expansion)."""
from __future__ import annotations

from . import (
    companies,
    contacts,
    events,
    expenses,
    files,
    invoices,
    messages,
    notes,
    projectrequests,
    projects,
    quotes,
    tasks,
    timerecords,
)
from .render import ResourceSpec

LIST_SPECS: dict[str, ResourceSpec] = {
    "companies_list": companies.SPEC, "companies_client_list": companies.SPEC,
    "companies_contractor_list": companies.SPEC, "companies_staff_list": companies.SPEC,
    "company_contacts_list": contacts.SPEC, "contacts_list": contacts.SPEC, "contacts_client_list": contacts.SPEC,
    "contacts_contractor_list": contacts.SPEC, "contacts_staff_list": contacts.SPEC,
    "contacts_locations_list": contacts.SPEC,
    "company_invoices_list": invoices.SPEC, "invoices_list": invoices.SPEC, "invoices_overdue_list": invoices.SPEC,
    "company_notes_list": notes.PARENT_SPEC, "contact_notes_list": notes.PARENT_SPEC, "notes_list": notes.SPEC,
    "company_projects_list": projects.SPEC, "contact_projects_list": projects.SPEC,
    "company_quotes_list": quotes.SPEC,
    "company_tasks_list": tasks.SPEC, "contact_tasks_list": tasks.SPEC,
    "company_time_list": timerecords.SPEC, "contact_time_list": timerecords.SPEC,
    "events_list": events.SPEC, "expenses_list": expenses.SPEC, "files_list": files.FILE_SPEC,
    "folders_list": files.FOLDER_SPEC, "messages_list": messages.SPEC, "projectrequests_list": projectrequests.SPEC,
}
