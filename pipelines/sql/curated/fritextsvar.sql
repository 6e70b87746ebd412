-- Non-empty free-text answers of the responses that count, with a stable svar_id.
with svar as (select * from staging.stg_enkatsvar where svar is not null),
giltiga as (select utvardering, svars_id from enkatsvar where galler),
fragor as (select * from fraga where typ = 'fritext'),
final as (
    select s.utvardering || '-' || s.svars_id || '-' || s.fraga_id as svar_id,
           s.utvardering, s.svars_id, s.kommunkod, s.fraga_id, f.grupp, f.delstrategi_nr, f.riktning, s.svar as text
    from svar s
    join giltiga using (utvardering, svars_id)
    join fragor f using (fraga_id)
    order by s.utvardering, s.kommunkod, f.ordning
)
select * from final
