"""Distances between communes and the travel-time estimate shown to the person. Pure Python (no Django import).

The person says how far they can travel by road, in kilometres. Communes are points (their official coordinates), so
reachability is computed on straight-line distances: a road distance is about 1.3 times the straight line in France
(the detour index of rural and peri-urban roads), so a road distance of D km reaches points within D / 1.3 km.
Minutes are an estimate at an average speed of 50 km/h (towns and country roads mixed), rounded to 5 minutes:
it is shown as "environ", never as a promise.
"""

import math

EARTH_RADIUS_KM = 6371.0088
DETOUR_INDEX = 1.3
AVERAGE_SPEED_KMH = 50


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres between two points given in degrees."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def straight_radius_km(road_km: float) -> float:
    """The straight-line radius a road distance reaches, on average."""
    return road_km / DETOUR_INDEX


def minutes_estimate(road_km: float) -> int:
    """Driving time for a road distance at the average speed, rounded to the nearest 5 minutes (at least 5)."""
    minutes = road_km * 60 / AVERAGE_SPEED_KMH
    return max(5, int(5 * round(minutes / 5)))


def bounding_box(lat: float, lon: float, radius_km: float) -> tuple[float, float, float, float]:
    """(min_lat, max_lat, min_lon, max_lon) of a box holding every point within radius_km: a cheap index filter."""
    dlat = math.degrees(radius_km / EARTH_RADIUS_KM)
    cos_lat = max(0.01, math.cos(math.radians(lat)))
    dlon = min(180.0, math.degrees(radius_km / (EARTH_RADIUS_KM * cos_lat)))
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon
