"""mentor_tui: duties, check-ins and an encrypted journal for mentor teachers of left-behind children."""

__version__ = "0.1.0"
APP_NAME = "mentor-tui"
