"""StreamField blocks shared by lesson and other content pages.

Blocks render light, accessible HTML: images need alt text, media never autoplays and loads
lazily, and every video carries a text alternative and its download size (learners pay for data).
"""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

VIDEO_EXTENSIONS = ("mp4", "webm")


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("gambar"))
    alt = blocks.CharBlock(
        label=_("teks alternatif"),
        max_length=250,
        help_text=_("Wajib: jelaskan isi gambar untuk pembaca layar dan koneksi lambat."),
    )
    caption = blocks.CharBlock(label=_("keterangan"), required=False, max_length=250)

    class Meta:
        icon = "image"
        label = _("Gambar")
        template = "components/blocks/image_block.html"
        description = _("Gambar dengan teks alternatif; dimuat bertahap dalam ukuran sesuai layar.")


class VideoBlock(blocks.StructBlock):
    """A video file from the document library (works offline on the office network)."""

    video = DocumentChooserBlock(label=_("berkas video (MP4/WebM)"))
    title = blocks.CharBlock(label=_("judul"), max_length=200)
    poster = ImageChooserBlock(label=_("gambar sampul"), required=False)
    transcript = blocks.RichTextBlock(
        label=_("transkrip"),
        features=["bold", "italic", "ol", "ul"],
        help_text=_("Wajib: isi video dalam bentuk teks, untuk yang tidak dapat memutar video."),
    )

    class Meta:
        icon = "media"
        label = _("Video")
        template = "components/blocks/video_block.html"
        description = _("Video dengan transkrip dan ukuran berkas; tidak diputar otomatis.")

    def clean(self, value):
        cleaned = super().clean(value)
        document = cleaned.get("video")
        if document and document.file_extension.lower() not in VIDEO_EXTENSIONS:
            raise StructBlockValidationError(
                block_errors={
                    "video": ErrorList([ValidationError(_("Video harus berkas MP4 atau WebM."))])
                }
            )
        return cleaned


class HandoutBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("dokumen"))
    description = blocks.CharBlock(label=_("keterangan"), required=False, max_length=250)

    class Meta:
        icon = "doc-full"
        label = _("Bahan unduhan")
        template = "components/blocks/handout_block.html"
        description = _("Dokumen untuk diunduh, dengan jenis dan ukuran berkas.")


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("jenis"),
        choices=[
            ("info", _("Info")),
            ("tip", _("Tips")),
            ("warning", _("Perhatian")),
            ("rule", _("Dasar hukum")),
        ],
        default="info",
    )
    title = blocks.CharBlock(label=_("judul"), required=False, max_length=120)
    text = blocks.RichTextBlock(label=_("isi"), features=["bold", "italic", "link", "ol", "ul"])

    class Meta:
        icon = "warning"
        label = _("Kotak sorotan")
        template = "components/blocks/callout_block.html"
        description = _("Info, tips, peringatan atau dasar hukum yang disorot.")


RICH_TEXT_FEATURES = [
    "h2", "h3", "bold", "italic", "link", "ol", "ul", "blockquote", "document-link",
]  # fmt: skip


def lesson_content_blocks() -> list[tuple[str, blocks.Block]]:
    """The blocks every lesson can use. Apps above core append their own (quiz, H5P)."""
    return [
        (
            "text",
            blocks.RichTextBlock(
                features=RICH_TEXT_FEATURES,
                label=_("Teks"),
                icon="pilcrow",
                template="components/blocks/text_block.html",
            ),
        ),
        ("image", ImageBlock()),
        ("video", VideoBlock()),
        ("handout", HandoutBlock()),
        ("callout", CalloutBlock()),
    ]
