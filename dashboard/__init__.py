"""Labour Volunteer Dashboard (แดชบอร์ดอาสาสมัครแรงงาน) for Thailand's Ministry of Labour."""

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
