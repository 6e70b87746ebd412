"""Negotiation scenarios 2027–2030: contribution models (modeller), their input from the database (underlag), CLI."""
