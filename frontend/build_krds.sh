#!/bin/sh
# Rebuild the vendored KRDS assets in app/static/krds/ from the pinned npm
# package krds-uiux (see package.json / package-lock.json).
#
#   cd frontend && sh build_krds.sh          # npm ci (if needed) + build + check
#   cd frontend && sh build_krds.sh --check  # only verify the committed output
#
# Output (committed, so running the app needs no npm):
#   app/static/krds/krds.css   KRDS SCSS compiled with $url="/static/krds" (compressed, no sourcemap)
#   app/static/krds/img/...    only the images krds.css actually references
#   app/static/krds/fonts/     Pretendard GOV woff2 subsets (Regular 400, Bold 700)
#   app/static/krds/fonts.css  @font-face + font stack override
# Hand-written, kept as is: app/static/krds/NOTICE.md, app/static/krds/OFL-1.1.txt
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$(cd "$HERE/.." && pwd)/app/static/krds
PKG="$HERE/node_modules/krds-uiux"
RES="$PKG/resources"
STATIC_PREFIX=/static/krds
KRDS_VERSION=1.1.0

die() { echo "build_krds: ERROR: $*" >&2; exit 1; }

# ---------------------------------------------------------------- check ----
check() {
    [ -s "$OUT/krds.css" ] || die "$OUT/krds.css missing"
    [ -s "$OUT/fonts.css" ] || die "$OUT/fonts.css missing"
    [ -s "$OUT/NOTICE.md" ] || die "$OUT/NOTICE.md missing"
    [ -s "$OUT/OFL-1.1.txt" ] || die "$OUT/OFL-1.1.txt missing"

    n=$(grep -c 'krds\.go\.kr' "$OUT/krds.css" || true)
    [ "$n" = 0 ] || die "krds.css still references krds.go.kr ($n lines)"
    if grep -q '@import' "$OUT/krds.css" "$OUT/fonts.css"; then
        die "unresolved @import left in the CSS"
    fi
    if grep -q 'sourceMappingURL' "$OUT/krds.css" "$OUT/fonts.css"; then
        die "sourcemap reference in the CSS"
    fi
    if find "$OUT" -name '*.map' | grep -q .; then die "sourcemap files in $OUT"; fi

    bad=0
    total=0
    for css in krds.css fonts.css; do
        # every url(...) must be /static/krds/<file> and the file must exist
        for u in $(grep -o 'url([^)]*)' "$OUT/$css" | sed -e 's/^url(//' -e 's/)$//' \
                    -e "s/^[\"']//" -e "s/[\"']\$//" | sort -u); do
            total=$((total + 1))
            case "$u" in
                "$STATIC_PREFIX"/*) ;;
                *) echo "  $css: url not under $STATIC_PREFIX/: $u" >&2; bad=$((bad + 1)); continue ;;
            esac
            rel=${u#"$STATIC_PREFIX"/}
            rel=${rel%%[?#]*}
            if [ ! -f "$OUT/$rel" ]; then
                echo "  $css: $u -> $OUT/$rel does not exist" >&2
                bad=$((bad + 1))
            fi
        done
    done
    [ "$bad" = 0 ] || die "$bad url(...) reference(s) do not resolve to a vendored file"

    # no vendored file that the CSS does not use (keeps the footprint honest)
    for f in $(cd "$OUT" && find img fonts -type f | sort); do
        grep -q "$STATIC_PREFIX/$f" "$OUT/krds.css" "$OUT/fonts.css" \
            || die "unused vendored file $OUT/$f"
    done
    echo "build_krds: check OK ($total distinct url() references, all local and present, 0 krds.go.kr)"
    echo "build_krds: sizes:"
    (cd "$OUT" && du -sh krds.css fonts.css img fonts | sed 's/^/    /' && du -sh . | sed 's/^/    total /')
}

if [ "${1:-}" = "--check" ]; then
    check
    exit 0
fi

# ---------------------------------------------------------------- build ----
cd "$HERE"
installed=$(node -p "try{require('./node_modules/krds-uiux/package.json').version}catch(e){''}" 2>/dev/null || true)
if [ "$installed" != "$KRDS_VERSION" ] || [ ! -x node_modules/.bin/sass ]; then
    echo "build_krds: npm ci (krds-uiux $KRDS_VERSION, sass, axe-core from package-lock.json)"
    npm ci --no-audit --no-fund
fi
installed=$(node -p "require('./node_modules/krds-uiux/package.json').version")
[ "$installed" = "$KRDS_VERSION" ] || die "node_modules has krds-uiux $installed, expected $KRDS_VERSION"

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT INT TERM

echo "build_krds: compiling KRDS SCSS (\$url=\"$STATIC_PREFIX\")"
node_modules/.bin/sass --load-path=node_modules --no-source-map --style=compressed \
    --quiet-deps --silence-deprecation=import,global-builtin,color-functions \
    krds-entry.scss "$TMP/krds.css"
# drop the UTF-8 BOM sass emits for non-ASCII output (served as text/css; charset=utf-8)
node -e '
const fs = require("fs"); const p = process.argv[1];
let s = fs.readFileSync(p, "utf8"); if (s.charCodeAt(0) === 0xFEFF) s = s.slice(1);
fs.writeFileSync(p, "/*! KRDS krds-uiux '"$KRDS_VERSION"', compiled for self-hosting; see NOTICE.md */\n" + s + "\n");
' "$TMP/krds.css"

# Fresh output tree (NOTICE.md and OFL-1.1.txt are hand-written and kept)
rm -rf "$OUT/img" "$OUT/fonts" "$OUT/krds.css" "$OUT/fonts.css"
mkdir -p "$OUT/fonts"
mv "$TMP/krds.css" "$OUT/krds.css"

echo "build_krds: copying referenced images"
n=0
for u in $(grep -o 'url([^)]*)' "$OUT/krds.css" | sed -e 's/^url(//' -e 's/)$//' \
            -e "s/^[\"']//" -e "s/[\"']\$//" | sort -u); do
    case "$u" in
        "$STATIC_PREFIX"/*) ;;
        data:*) continue ;;
        *) die "unexpected url() in compiled krds.css: $u" ;;
    esac
    rel=${u#"$STATIC_PREFIX"/}
    rel=${rel%%[?#]*}
    [ -f "$RES/$rel" ] || die "krds.css references $u but $RES/$rel does not exist in the package"
    mkdir -p "$OUT/$(dirname "$rel")"
    cp "$RES/$rel" "$OUT/$rel"
    n=$((n + 1))
done
echo "build_krds: copied $n images"

echo "build_krds: copying Pretendard GOV woff2 subsets and writing fonts.css"
# KRDS only uses weights 400 (regular) and 700 (bold); Medium is not shipped.
cp "$RES/fonts/PretendardGOV-Regular.subset.woff2" "$RES/fonts/PretendardGOV-Bold.subset.woff2" "$OUT/fonts/"
cat > "$OUT/fonts.css" <<EOF
/* Pretendard GOV (c) 2023 Kil Hyung-jin, SIL Open Font License 1.1 (see OFL-1.1.txt).
   Subset files from krds-uiux $KRDS_VERSION; KRDS declares the family name in its tokens
   but ships no @font-face. Generated by frontend/build_krds.sh - do not edit. */
@font-face {
  font-family: "Pretendard GOV";
  font-style: normal;
  font-weight: 400;
  font-display: swap;
  src: url($STATIC_PREFIX/fonts/PretendardGOV-Regular.subset.woff2) format("woff2");
}
@font-face {
  font-family: "Pretendard GOV";
  font-style: normal;
  font-weight: 700;
  font-display: swap;
  src: url($STATIC_PREFIX/fonts/PretendardGOV-Bold.subset.woff2) format("woff2");
}
/* The subset covers KS X 1001 Hangul + Latin; other syllables fall back. */
:root {
  --krds-typo-font-type: "Pretendard GOV", "Noto Sans KR", "Noto Sans CJK KR", "Nanum Gothic", "Apple SD Gothic Neo", "Malgun Gothic", sans-serif;
}
EOF

check
