"""Open PowerPoint decks with python-pptx (an independent reader) and print what it finds,
one JSON object per deck: slide titles, table shapes, pictures and notes per slide."""
import json
import sys

from pptx import Presentation
from pptx.util import Emu

for path in sys.argv[1:]:
    prs = Presentation(path)
    slides = []
    for slide in prs.slides:
        title = slide.shapes.title.text if slide.shapes.title is not None else None
        tables = []
        pictures = []
        for shape in slide.shapes:
            if shape.has_table:
                table = shape.table
                tables.append([[cell.text for cell in row.cells] for row in table.rows])
            if shape.shape_type == 13:  # MSO_SHAPE_TYPE.PICTURE
                pictures.append(
                    {
                        "content_type": shape.image.content_type,
                        "px": list(shape.image.size),
                        "descr": shape._element.nvPicPr.cNvPr.get("descr"),
                        "inside": shape.left >= 0
                        and shape.top >= 0
                        and shape.left + shape.width <= prs.slide_width
                        and shape.top + shape.height <= prs.slide_height,
                    }
                )
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        texts = [
            shape.text_frame.text
            for shape in slide.shapes
            if shape.has_text_frame and shape != slide.shapes.title
        ]
        fill = slide.background.fill
        background = str(fill.fore_color.rgb) if fill.type == 1 else None  # MSO_FILL.SOLID
        slides.append(
            {"title": title, "background": background, "tables": tables, "pictures": pictures, "notes": notes, "texts": texts}
        )
    print(
        json.dumps(
            {
                "path": path,
                "width": Emu(prs.slide_width).cm,
                "title": prs.core_properties.title,
                "slides": slides,
            }
        )
    )
