-- Varje svars-id får bara förekomma en gång per utvärdering
select fil, rad, utvardering, svars_id
from main.enkatsvar
where (utvardering, svars_id) in (
    select (utvardering, svars_id) from main.enkatsvar group by all having count(*) > 1
)
