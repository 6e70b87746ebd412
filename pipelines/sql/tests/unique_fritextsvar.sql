-- Varje fritextsvar har ett unikt svar-id
select svar_id as varde from main.fritextsvar group by svar_id having count(*) > 1
