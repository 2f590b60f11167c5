"""Quality (Qualiopi): programme offers, published results, complaints, disability referents and accommodations."""
