-- Likertvärden måste vara 1–5, eller tomma för Vet ej
select utvardering, svars_id, fraga_id, svar as varde
from main.likertsvar
where not ((varde between 1 and 5 and not vet_ej) or (varde is null and vet_ej))
