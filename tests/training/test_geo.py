"""Distances between places (pure functions)."""

from hypothesis import given
from hypothesis import strategies as st

from openbilan.training import geo

CAEN = (49.184982, -0.3698975)
ROUEN = (49.441494, 1.0935717)
latitudes = st.floats(min_value=-80, max_value=80, allow_nan=False)
longitudes = st.floats(min_value=-179, max_value=179, allow_nan=False)
points = st.tuples(latitudes, longitudes)


def test_caen_to_rouen_is_about_110_km():
    assert 108 < geo.distance_km(CAEN, ROUEN) < 111


@given(points, points)
def test_distance_is_symmetric_and_zero_to_itself(a, b):
    assert abs(geo.distance_km(a, b) - geo.distance_km(b, a)) < 1e-6
    assert geo.distance_km(a, a) == 0


@given(points, points, points)
def test_distance_obeys_the_triangle_inequality(a, b, c):
    assert geo.distance_km(a, c) <= geo.distance_km(a, b) + geo.distance_km(b, c) + 1e-6


@given(points, points, st.floats(min_value=1, max_value=500))
def test_the_bounding_box_holds_every_point_within_the_radius(centre, other, radius):
    if geo.distance_km(centre, other) <= radius:
        min_lat, max_lat, min_lon, max_lon = geo.bounding_box(centre, radius)
        assert min_lat <= other[0] <= max_lat
        assert min_lon <= other[1] <= max_lon
