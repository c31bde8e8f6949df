"""Uploads, task attachments, downloads and thumbnails (seed: "Attach a File to a Task" and the
following sections, "File Operations").  A raw body's filename comes from Content-Disposition."""
from __future__ import annotations

from typing import Any

from flask import jsonify, request

from ....core.api import Route
from ....core.forms import parse_json
from ....core.openapi import Binary, Doc
from .. import answers as a
from .. import attachment_access, files, schemas
from ..errors import not_found
from ..lookup import find
from ..outbound import filename_from_disposition
from ..schemas import UploadUrlBody
from . import body, file_answer, ok

ANY_FILE = Binary(("*/*",), "The file's exact bytes", {"Content-Disposition": 'attachment; filename="<name>"',
                                                       "Content-Length": "the size in bytes"})
IMAGE = Binary(("image/png", "image/jpeg", "image/gif", "image/webp"), "The thumbnail image",
               {"Content-Disposition": 'attachment; filename="<name>-<size>.<ext>"'})
RAW_TYPES = ("application/octet-stream", "image/png", "image/jpeg", "application/pdf", "text/plain")


def _raw() -> tuple[str | None, str | None, bytes]:
    """(filename, declared content type, bytes) of a raw upload."""
    data = request.get_data(cache=True)
    return filename_from_disposition(request.headers.get("Content-Disposition")), request.content_type, data


def upload() -> Any:
    return ok(files.upload(*_raw()))


def upload_url() -> Any:
    return ok(files.upload_from_url(UploadUrlBody.check(body())["url"]))


def _cloud_body() -> dict | None:
    """The cloud-file JSON variant: a JSON object naming a cloudType or cloudId."""
    mimetype = request.mimetype or ""
    if mimetype != "application/json" and not mimetype.endswith("+json"):
        return None
    try:
        data = parse_json(request.get_data(cache=True) or b"null")
    except (ValueError, UnicodeDecodeError):
        return None
    return data if isinstance(data, dict) and ("cloudType" in data or "cloudId" in data) else None


def task_attach(task_id: str) -> Any:
    cloud = _cloud_body()
    if cloud is not None:
        return ok(files.attach_to_task(task_id, cloud=cloud))
    filename, ctype, data = _raw()
    return ok(files.attach_to_task(task_id, filename=filename, content_type=ctype, data=data))


def _download(rec: dict) -> Any:
    if files.is_cloud(rec):
        return jsonify(files.cloud_info(rec))
    return file_answer(files.download(rec, request.args.get("maxSize")))


def task_attachment(task_id: str, attachment_id: str) -> Any:
    return _download(files.task_attachment(task_id, attachment_id))


def task_thumbnail(task_id: str, attachment_id: str, size: str) -> Any:
    return file_answer(files.thumbnail(files.task_attachment(task_id, attachment_id), size))


def attachment_download(attachment_id: str) -> Any:
    return _download(attachment_access.readable(attachment_id))


def attachment_thumbnail(attachment_id: str, size: str) -> Any:
    return file_answer(files.thumbnail(attachment_access.readable(attachment_id), size))


def attachment_url(attachment_id: str) -> Any:
    attachment_access.readable(attachment_id)
    return ok(files.presign(attachment_id))


def user_picture(user_id: str, picture_id: str) -> Any:
    """The `picture` URL a user shows: /user/<id>/picture/<its attachment id>/download."""
    user = find("users", user_id)
    if not user.get("picture") or files.normalise_key(picture_id) != user["picture"]:
        raise not_found("attachments")
    return file_answer(files.download(files.find_attachment(user["picture"])))


# -- the route table -------------------------------------------------------------------------------

P = {"task_id": "A task id", "attachment_id": 'An attachment id ("8dMfbZuoDwmxVvx0W2rbWA==", raw or URL-encoded)',
     "size": "icon, small, medium or large", "user_id": "A user id", "picture_id": "The user's picture id"}
UPLOAD = ("The file's bytes; its name in Content-Disposition: attachment; filename=\"name.ext\"; "
          "the type in Content-Type")


def _doc(summary: str, tag: str, responses: Any, errors: tuple[int, ...], path: str = "", **kwargs: Any) -> Doc:
    params = {k: v for k, v in P.items() if "{" + k + "}" in path}
    return Doc(summary, tags=[tag], responses={200: responses}, errors=list(errors), path_params=params, **kwargs)


def routes() -> list[Route]:
    from marshmallow import fields

    raw_body = fields.String(metadata={"format": "binary", "description": UPLOAD})
    return [
        Route("POST", "/v1/task/<task_id>/attachments", "task_attachment_create", task_attach,
              doc=_doc("Attach a file (raw body) or a cloud file (JSON) to a task", "files", a.OkAttachment,
                       (400, 404), path="{task_id}", body=schemas.CloudFileBody,
                       content_types=("application/json",), body_required=False,
                       description=f"Raw variant: {UPLOAD}. Cloud variant: the JSON body below.")),
        Route("GET", "/v1/task/<task_id>/attachments/<attachment_id>", "task_attachment_get", task_attachment,
              doc=_doc("Download an attachment from a task (a cloud file: its JSON reference)", "files",
                       ANY_FILE, (400, 404), path="{task_id}{attachment_id}", query=schemas.DownloadQuery)),
        Route("GET", "/v1/task/<task_id>/attachments/<attachment_id>/download", "task_attachment_download",
              task_attachment,
              doc=_doc("Download an attachment from a task (the DownloadURL tasks show)", "files", ANY_FILE,
                       (400, 404), path="{task_id}{attachment_id}", query=schemas.DownloadQuery)),
        Route("GET", "/v1/task/<task_id>/attachments/<attachment_id>/thumbnail/<size>", "task_attachment_thumbnail",
              task_thumbnail,
              doc=_doc("Download a thumbnail for an image attachment in a task", "files", IMAGE, (400, 404),
                       path="{task_id}{attachment_id}{size}")),
        Route("POST", "/v1/upload", "upload_create", upload,
              doc=_doc("Upload a file (raw body): an attachment id usable once", "files", a.OkUpload, (400,),
                       body=raw_body, content_types=RAW_TYPES, body_required=False)),
        Route("POST", "/v1/uploadurl", "uploadurl_create", upload_url,
              doc=_doc("Upload a file from a URL (allowed hosts only)", "files", a.OkUpload, (400,),
                       body=UploadUrlBody, content_types=("application/json",), body_required=False)),
        Route("GET", "/v1/attachment/<attachment_id>/url", "attachment_url_get", attachment_url,
              doc=_doc("Get a pre-signed download URL (valid for 15 minutes)", "files", a.OkLink, (403, 404),
                       path="{attachment_id}")),
        Route("GET", "/v1/attachment/<attachment_id>/download", "attachment_download", attachment_download,
              doc=_doc("Download an attachment", "files", ANY_FILE, (400, 403, 404), path="{attachment_id}",
                       query=schemas.DownloadQuery)),
        Route("GET", "/v1/attachment/<attachment_id>/thumbnail/<size>", "attachment_thumbnail", attachment_thumbnail,
              doc=_doc("Download a thumbnail of an image attachment", "files", IMAGE, (400, 403, 404),
                       path="{attachment_id}{size}")),
        Route("GET", "/v1/user/<user_id>/picture/<picture_id>/download", "user_picture_get", user_picture,
              doc=_doc("Download a user's picture (the picture URL users show)", "users", ANY_FILE, (404,),
                       path="{user_id}{picture_id}")),
    ]
