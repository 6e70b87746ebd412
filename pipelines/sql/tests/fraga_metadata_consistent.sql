-- Rubriker med samma fråge-id i frågekatalogen måste ha samma typ, grupp, syfte och delstrategi
select fraga_id as varde
from staging.stg_fragekatalog
group by fraga_id
having count(distinct typ) > 1 or count(distinct grupp) > 1 or count(distinct coalesce(syfte_nr, 0)) > 1
    or count(distinct coalesce(delstrategi_nr, 0)) > 1 or count(distinct coalesce(riktning, '')) > 1
