"""Distances between places given by their coordinates. Pure Python: no Django import.

The great-circle distance (haversine formula on a sphere of the Earth's mean radius) is within 0.5 % of the
road-free geodesic distance, which is plenty to say "about 12 km from you"; it is not a travel time.
"""

import math

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE = math.pi * EARTH_RADIUS_KM / 180

Point = tuple[float, float]  # (latitude, longitude) in degrees


def distance_km(a: Point, b: Point) -> float:
    """Great-circle distance between two points, in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def bounding_box(point: Point, radius_km: float) -> tuple[float, float, float, float]:
    """(min latitude, max latitude, min longitude, max longitude) of a box that holds every point within
    `radius_km` of `point`: a cheap first filter for a database index, before distance_km."""
    latitude, longitude = point
    delta_lat = radius_km / KM_PER_DEGREE
    cos_lat = math.cos(math.radians(min(89.9, abs(latitude) + delta_lat)))
    delta_lon = 180.0 if cos_lat <= 0 else min(180.0, radius_km / (KM_PER_DEGREE * cos_lat))
    return latitude - delta_lat, latitude + delta_lat, longitude - delta_lon, longitude + delta_lon
