"""The wheel carries the top-level `resources/` folder (fonts, style sheet, icons) inside
the package, as `salon_pos/_resources`, where `salon_pos/resources.py` looks first.
pyproject.toml holds everything else: a package mapped to another folder is the one thing
its static configuration cannot list beside the packages it finds."""

from pathlib import Path

from setuptools import find_packages, setup

# Each folder of resources/ is listed as a (data-only) package: setuptools is dropping
# the installing of unlisted folders as data.
folders = [path for path in Path("resources").rglob("*") if path.is_dir()]
resource_packages = ["salon_pos._resources", *(
    "salon_pos._resources." + ".".join(path.relative_to("resources").parts)
    for path in sorted(folders))]

setup(
    packages=[*find_packages(include=["salon_pos", "salon_pos.*"]), *resource_packages],
    package_dir={"salon_pos._resources": "resources"},
    package_data={name: ["*"] for name in resource_packages},
)
