"""Field tokens and the flat keys each expands to, per resource (data, checked by hand).

A `fields=` token names a group of flat keys: `project` gives projectid, projectnumber and
projecttitle.  Evidence (research section 4): JBA's exact time-record key set (task -> taskid,
taskname; project -> projectid, projectnumber, projecttitle; contact -> contactid, contactname;
tasktimetotals -> tasktotaltimetracked, tasktimeallocated), JCF (manager -> managerid/name,
company -> companyid/name, category -> categoryname), BLM (client -> clientname, recipient ->
recipientname, recipientgroupname, dates -> submitteddate, duedate), DUM (author -> authorname,
authortype, authorimage), the seed (logindetails -> allowlogin, username; location -> latitude,
longitude, locationtime; "dates (invoiced/due/paid)", "totals (sub/tax/grand totals)") and NUMA
(the default contact list comes back as id, companyid, companyname, firstname, lastname, type).
A token missing here expands to the key of its own name.

`FULL` is what a single GET returns ("single GETs return all fields"): every token of the
resource.  `id` is always first.
"""
from __future__ import annotations

ADDRESS = ("address1", "address2", "address3", "city", "state", "zipcode", "country")
PROJECT = ("projectid", "projectnumber", "projecttitle")

EXPANSIONS: dict[str, dict[str, tuple[str, ...]]] = {
    "companies": {
        "address": ADDRESS,
    },
    "contacts": {
        "address": ADDRESS,
        "company": ("companyid", "companyname"),
        "name": ("firstname", "lastname"),
        "phone": ("workphone", "mobilephone"),
        "location": ("latitude", "longitude", "locationtime"),
        "logindetails": ("allowlogin", "username"),
    },
    "projects": {
        "category": ("categoryid", "categoryname"),
        "company": ("companyid", "companyname"),
        "contacts": ("managerid", "managername", "staff", "clients", "contractors"),
        "customform": ("customformtitle", "customformcontent"),
        "customstatus": ("customstatusid", "customstatusname"),
        "dates": ("startdate", "duedate", "completedate"),
        "group": ("groupid", "groupname"),
        "manager": ("managerid", "managername"),
        "team": ("teamid", "teamname"),
    },
    "tasks": {
        "category": ("categoryid", "categoryname"),
        "company": ("companyid", "companyname"),
        "creator": ("creatorid", "creatorname"),
        "dates": ("startdate", "duedate", "completedate"),
        "dependent": ("dependentid", "dependentstatus"),
        "project": PROJECT,
        "projectcategory": ("projectcategoryid", "projectcategoryname"),
        "projectmanager": ("projectmanagerid", "projectmanagername"),
    },
    "timerecords": {
        "category": ("categoryid", "categoryname"),
        "company": ("companyid", "companyname"),
        "contact": ("contactid", "contactname"),
        "dates": ("date",),
        "project": PROJECT,
        "task": ("taskid", "taskname"),
        "tasktimetotals": ("tasktotaltimetracked", "tasktimeallocated"),
    },
    "invoices": {
        "address": ("addresscontactname", "addresscompanyname") + ADDRESS,
        "company": ("companyid", "companyname"),
        "customfield": ("customfieldname", "customfieldvalue"),
        "dates": ("invoiceddate", "duedate", "paiddate"),
        "invoicedby": ("invoicedbyid", "invoicedbyname"),
        "project": PROJECT,
        "totals": ("subtotal", "taxtotal", "grandtotal"),
        "xero": ("xeroid",),
    },
    "quotes": {
        "company": ("companyid", "companyname"),
        "dates": ("quoteddate", "validtodate", "approveddate"),
        "project": PROJECT,
        "quotedby": ("quotedbyid", "quotedbyname"),
        "totals": ("subtotal", "taxtotal", "grandtotal"),
    },
    "events": {
        "times": ("starttime", "endtime"),
    },
    "expenses": {
        "company": ("companyid", "companyname"),
        "contact": ("contactid", "contactname"),
        "project": PROJECT,
    },
    "files": {
        "folder": ("folderid", "foldername"),
        "project": PROJECT,
        "task": ("taskid", "taskname"),
    },
    "folders": {
        "project": PROJECT,
    },
    "messages": {
        "author": ("authorid", "authorname", "authortype", "authorimage"),
        "project": PROJECT,
        "task": ("taskid", "taskname"),
    },
    "notes": {
        "author": ("authorid", "authorname"),
        "category": ("categoryid", "categoryname"),
    },
    "projectrequests": {
        "client": ("clientid", "clientname"),
        "company": ("companyid", "companyname"),
        "customform": ("customformtitle", "customformcontent"),
        "dates": ("startdate", "duedate", "submitteddate"),
        "lastmodified": ("lastmodified", "lastmodifiedutc"),
        "recipient": ("recipientid", "recipientname", "recipientgroupid", "recipientgroupname"),
        "template": ("templateid", "templatename"),
    },
}

# Every token of a resource, for single GETs (the union of its list calls' menus, plus the
# fields a list never offers but a single record carries).  Advanced-only tokens are dropped on
# Standard accounts, staff-only ones for clients and contractors (see render.py).
FULL: dict[str, tuple[str, ...]] = {
    "companies": ("name", "code", "type", "address", "email", "phone", "fax", "website", "facebook",
                  "linkedin", "twitter", "image", "tags", "pending", "lastmodified"),
    "contacts": ("name", "type", "company", "title", "email", "phone", "fax", "address", "facebook", "linkedin",
                 "twitter", "image", "logindetails", "location", "roles", "groups", "teams", "tags", "pending",
                 "lastmodified"),
    "projects": ("number", "title", "description", "company", "contacts", "category", "priority", "dates",
                 "status", "type", "timeallocated", "timetracked", "percentcomplete", "quotetotal",
                 "invoicetotal", "expensestotal", "accountedfor", "invoiced", "paid", "privatenotes",
                 "clientaccess", "emailalerts", "customstatus", "customform", "customfields", "group",
                 "team", "lastmodified"),
    "tasks": ("name", "description", "project", "company", "type", "order", "status", "priority", "dates",
              "timeallocated", "timetracked", "billable", "category", "projectcategory", "projectmanager",
              "contacts", "creator", "dependent", "lastmodified"),
    "timerecords": ("contact", "project", "task", "company", "category", "dates", "timetracked", "billable",
                    "notes", "tasktimetotals", "lastmodified"),
    "invoices": ("number", "title", "description", "company", "contactid", "contactname", "project", "status",
                 "dates", "emaileddate", "emailedto", "invoicedby", "purchaseordernumber", "taxable", "taxrate",
                 "discountvalue", "discountdescription", "discount", "totals", "showcostbreakdown", "terms",
                 "address", "lines", "lastmodified"),
    "quotes": ("number", "title", "description", "company", "project", "status", "type", "dates", "emaileddate",
               "emailedto", "quotedby", "taxable", "totals", "lastmodified"),
    "events": ("title", "description", "times", "contacts", "lastmodified"),
    "expenses": ("name", "description", "cost", "date", "project", "company", "contact", "invoiced", "taxable",
                 "lastmodified"),
    "files": ("name", "size", "date", "link", "project", "task", "folder", "contacts", "lastmodified"),
    "folders": ("name", "project", "contacts"),
    "messages": ("title", "content", "originalmessageid", "project", "task", "date", "author", "contacts",
                 "public", "notifications", "files"),
    "notes": ("title", "content", "category", "contacts", "date", "author", "lastmodified"),
    "projectrequests": ("title", "description", "company", "client", "recipient", "dates", "budget", "template",
                        "customform", "customfields", "files", "lastmodified"),
    "invoicelines": ("invoiceid", "type", "name", "description", "quantity", "rate", "time", "amount", "taxable",
                     "displayorder"),
}

# Tokens that exist on the Advanced plan only (the seed marks them in the menus; these are the
# ones single GETs carry too).
ADVANCED_TOKENS: dict[str, frozenset[str]] = {
    "contacts": frozenset({"groups", "teams"}),
    "projects": frozenset({"customfields", "customform", "customstatus", "group", "team", "type"}),
    "projectrequests": frozenset({"customfields", "customform", "recipient", "template"}),
}

# Tokens only staff callers see (the seed's `*` marks and "(staff only)" notes).
STAFF_TOKENS: dict[str, frozenset[str]] = {
    "contacts": frozenset({"email", "fax", "groups", "location", "logindetails", "phone", "tags", "teams",
                           "title"}),
    "projects": frozenset({"privatenotes"}),
    "invoices": frozenset({"xero"}),
}


def keys_of(resource: str, token: str) -> tuple[str, ...]:
    return EXPANSIONS.get(resource, {}).get(token, (token,))
