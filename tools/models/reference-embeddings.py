#!/usr/bin/env python3
"""Reference embeddings of all-MiniLM-L6-v2 computed with the Hugging Face `tokenizers` library and
onnxruntime, from the same model.onnx + tokenizer.json the TypeScript encoder loads. The output is
the parity fixture of libs/serving/model-runtime (minilm-reference.int-spec.ts).

Recipe (sentence-transformers semantics): truncation to 256 tokens including [CLS]/[SEP], no
padding (one sentence per run), mean pooling of last_hidden_state over the attention mask,
L2 normalisation. Only the inputs the graph declares are fed.

Setup, outside the repository (versions used for the committed fixture):

    python3 -m venv ~/.cache/embedding-studio/pyref-venv
    ~/.cache/embedding-studio/pyref-venv/bin/pip install onnxruntime==1.32.0 tokenizers==0.23.3 numpy==2.4.6
    node tools/models/fetch-model.mjs all-minilm-l6-v2
    ~/.cache/embedding-studio/pyref-venv/bin/python tools/models/reference-embeddings.py \\
        --model-dir ~/.cache/embedding-studio/models/all-minilm-l6-v2 \\
        --out libs/serving/model-files/test-data/minilm-reference.json
"""

import argparse
import hashlib
import json
import platform
from pathlib import Path

import numpy as np
import onnxruntime as ort
import tokenizers

MAX_LENGTH = 256

LONG = (
    "Genome-wide association studies have identified hundreds of loci associated with complex traits, "
    "yet the causal variants, the genes they regulate and the cell types in which they act remain "
    "largely unknown. Here we integrate chromatin accessibility maps from 42 primary human tissues "
    "with expression quantitative trait loci, fine-mapping posterior probabilities and CRISPR "
    "interference screens in induced pluripotent stem cell derived neurons, hepatocytes and "
    "cardiomyocytes. "
) * 4

SENTENCES = [
    "The quick brown fox jumps over the lazy dog.",
    "Café au lait, crème brûlée & naïve résumés: déjà vu!",
    "What's the p-value (p < 0.05) for H0? E-mail test@example.com; cost: $3.50 -- 100% off...",
    "Protein misfolding in vivo causes amyloid diseases such as Alzheimer's.",
    LONG,
    "東京は日本の首都です。 ÜNÏCÖDÉ ＴＥＸＴ\twith\ttabs,\nnewlines and an emoji 🙂.",
    "",
]


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model-dir", type=Path, required=True, help="directory with model.onnx and tokenizer.json")
    parser.add_argument("--out", type=Path, required=True, help="JSON file to write")
    args = parser.parse_args()

    tok = tokenizers.Tokenizer.from_file(str(args.model_dir / "tokenizer.json"))
    # tokenizer.json ships with truncation/padding at 128; sentence-transformers uses 256 and pads per batch.
    tok.no_padding()
    tok.enable_truncation(max_length=MAX_LENGTH)

    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    session = ort.InferenceSession(str(args.model_dir / "model.onnx"), options, providers=["CPUExecutionProvider"])
    declared = {i.name for i in session.get_inputs()}

    rows = []
    for text in SENTENCES:
        enc = tok.encode(text)
        feeds = {
            "input_ids": np.array([enc.ids], dtype=np.int64),
            "attention_mask": np.array([enc.attention_mask], dtype=np.int64),
            "token_type_ids": np.array([enc.type_ids], dtype=np.int64),
        }
        hidden = session.run(["last_hidden_state"], {k: v for k, v in feeds.items() if k in declared})[0]
        mask = feeds["attention_mask"][..., None].astype(np.float32)
        pooled = (hidden * mask).sum(axis=1) / np.clip(mask.sum(axis=1), 1e-9, None)
        vector = pooled[0] / max(float(np.linalg.norm(pooled[0])), 1e-12)
        rows.append(
            {
                "text": text,
                "ids": enc.ids,
                "embedding": [float(f"{x:.9g}") for x in vector.astype(np.float32)],
            }
        )

    out = {
        "model": {
            "id": "sentence-transformers/all-MiniLM-L6-v2",
            "model.onnx": sha256(args.model_dir / "model.onnx"),
            "tokenizer.json": sha256(args.model_dir / "tokenizer.json"),
        },
        "maxLength": MAX_LENGTH,
        "recipe": "tokenizers truncation 256, mean pooling over attention mask, L2 normalisation",
        "generator": {
            "script": "tools/models/reference-embeddings.py",
            "python": platform.python_version(),
            "onnxruntime": ort.__version__,
            "tokenizers": tokenizers.__version__,
            "numpy": np.__version__,
        },
        "sentences": rows,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {len(rows)} sentences to {args.out}")


if __name__ == "__main__":
    main()
