import pytest
from hypothesis import given
from hypothesis import strategies as st

from openbilan.territory import distance
from openbilan.territory.names import display_name

CAEN = (49.1846, -0.3722)
ROUEN = (49.4431, 1.0993)


def test_haversine_gives_the_known_distance_between_caen_and_rouen():
    assert distance.haversine_km(*CAEN, *ROUEN) == pytest.approx(110, abs=3)


def test_minutes_are_an_estimate_at_fifty_km_an_hour_rounded_to_five():
    assert distance.minutes_estimate(30) == 35
    assert distance.minutes_estimate(50) == 60
    assert distance.minutes_estimate(1) == 5


def test_a_road_distance_reaches_a_shorter_straight_line():
    assert distance.straight_radius_km(130) == pytest.approx(100)


latitudes = st.floats(min_value=-60, max_value=60)
longitudes = st.floats(min_value=-179, max_value=179)


@given(latitudes, longitudes, st.floats(min_value=0.5, max_value=300), st.floats(0, 1), st.floats(0, 360))
def test_the_bounding_box_holds_every_point_within_the_radius(lat, lon, radius, fraction, bearing):
    import math

    # a point at `fraction` of the radius in direction `bearing`
    d = radius * fraction / distance.EARTH_RADIUS_KM
    phi1, lambda1, theta = math.radians(lat), math.radians(lon), math.radians(bearing)
    phi2 = math.asin(math.sin(phi1) * math.cos(d) + math.cos(phi1) * math.sin(d) * math.cos(theta))
    lambda2 = lambda1 + math.atan2(
        math.sin(theta) * math.sin(d) * math.cos(phi1), math.cos(d) - math.sin(phi1) * math.sin(phi2)
    )
    point = (math.degrees(phi2), math.degrees(lambda2))
    min_lat, max_lat, min_lon, max_lon = distance.bounding_box(lat, lon, radius)
    assert min_lat - 1e-9 <= point[0] <= max_lat + 1e-9
    assert min_lon - 1e-9 <= point[1] <= max_lon + 1e-9


@pytest.mark.parametrize(
    ("official", "shown"),
    [
        ("PAYS DE CAUX", "Pays de Caux"),
        ("LE HAVRE", "Le Havre"),
        ("SAINT LO COUTANCES", "Saint Lo Coutances"),
        ("BASSIN BASSE-TERRE", "Bassin Basse-Terre"),
        ("Grand Roissy - Le Bourget", "Grand Roissy - Le Bourget"),
        ("LURE  / HERICOURT ", "Lure / Hericourt"),
    ],
)
def test_names_in_capitals_are_shown_as_a_reader_expects(official, shown):
    assert display_name(official) == shown
