"""Hostile inputs posted into every text members and officers write. Each would set
``window.__pwned`` (or open a dialog) if it ever ran."""

XSS_CORPUS = [
    "<script>window.__pwned=1;alert('script tag')</script>",
    "<img src=x onerror=\"window.__pwned=1;alert('img onerror')\">",
    "<svg onload=\"window.__pwned=1;alert('svg onload')\"></svg>",
    "<svg><script>window.__pwned=1;alert('svg script')</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=window.__pwned=1>",
    "[click me](javascript:window.__pwned=1;alert('md link'))",
    "[click me](JaVaScRiPt:window.__pwned=1)",
    "[click me](  javascript:window.__pwned=1)",
    "[click me](java&#x09;script:window.__pwned=1)",
    "<javascript:window.__pwned=1>",
    "[data link](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZD0xPC9zY3JpcHQ+)",
    "[vb](vbscript:msgbox(1))",
    '<a href="javascript:window.__pwned=1">raw link</a>',
    '[title trick](https://example.org "t\\" onmouseover=\\"window.__pwned=1")',
    '<https://example.org/"onmouseover="window.__pwned=1>',
    "**<b onmouseover=window.__pwned=1>bold</b>**",
    "<scr<script>ipt>window.__pwned=1</script>",
    '"><script>window.__pwned=1</script>',
    "</textarea><script>window.__pwned=1</script>",
    '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
    "<style>body{display:none}</style>",
    "{{ 7*7 }} {% raw %}",
    "![image](javascript:window.__pwned=1)",
    "<details open ontoggle=window.__pwned=1>",
]

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a"}
